import { CLIENT_OWNED_HEADERS } from '../spec/index.js';
import { describeFound } from './describe.js';
import type { ConfigIssue } from './errors.js';
import {
  type ConfigSource,
  type IssueExtras,
  type IssueTarget,
  type PathSegment,
  valueAt,
} from './locate.js';

/** State shared by the semantic checks. */
export class SemanticContext {
  readonly issues: ConfigIssue[] = [];

  constructor(
    readonly source: ConfigSource,
    /** The document as written (before interpolation). */
    private readonly raw: unknown,
  ) {}

  /** Record a located issue. */
  report(path: readonly PathSegment[], target: IssueTarget, message: string, extras?: IssueExtras): void {
    this.issues.push(this.source.issue(path, target, message, extras));
  }

  /** How the value at `path` was written, for `found` (never an interpolated value). */
  found(path: readonly PathSegment[]): string {
    return describeFound(valueAt(this.raw, path));
  }

  /** A key as written, or the value at `path` as written. */
  shown(path: readonly PathSegment[], key: string, target: 'key' | 'value'): string {
    return target === 'key' ? JSON.stringify(key) : this.found(path);
  }
}

/** The value as a plain map, if it is one. */
export function asMap(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

const NAME = /^[A-Za-z0-9_.-]{1,64}$/;

/** System and operation names become tool names: check the allowed characters and length. */
export function checkName(
  ctx: SemanticContext,
  path: PathSegment[],
  name: string,
  what: string,
  target: 'key' | 'value',
) {
  if (NAME.test(name)) return;
  const expected = '1 to 64 letters, digits, "_", "." or "-"';
  const found = ctx.shown(path, name, target);
  ctx.report(path, target, `invalid ${what} name ${found}: expected ${expected}`, {
    expected,
    found,
    hint: 'rename it, e.g. replace spaces with "_"',
  });
}

/** Check that `value` (at `path`, named `key`) is an absolute http(s) URL. */
export function checkUrl(ctx: SemanticContext, path: PathSegment[], value: unknown, example: string): void {
  if (typeof value !== 'string') return;
  if (isHttpUrl(value)) return;
  const expected = 'an absolute http(s) URL';
  const found = ctx.found(path);
  ctx.report(path, 'value', `expected ${expected}, found ${found}`, {
    expected,
    found,
    hint: `e.g. ${path.at(-1)}: ${example}`,
  });
}

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** Headers the HTTP client owns: refused in config (see `CLIENT_OWNED_HEADERS`). */
export const FORBIDDEN_HEADERS: ReadonlySet<string> = CLIENT_OWNED_HEADERS;

/** Check that `name` is a valid HTTP header name that Portico may set. */
export function checkHeaderName(
  ctx: SemanticContext,
  path: PathSegment[],
  name: unknown,
  target: 'key' | 'value',
) {
  if (typeof name === 'string' && FORBIDDEN_HEADERS.has(name.toLowerCase())) {
    const found = ctx.shown(path, name, target);
    ctx.report(path, target, `header ${found} cannot be set by configuration: the HTTP client manages it`, {
      expected:
        'any header but Host, Content-Length, Transfer-Encoding, Connection, Keep-Alive, Upgrade, TE, Trailer, Expect',
      found,
      hint: 'use another header name (e.g. X-Forwarded-Host), or remove it',
    });
    return;
  }
  if (typeof name !== 'string' || TOKEN.test(name)) return;
  const expected = "an HTTP header name (letters, digits and !#$%&'*+.^_`|~-)";
  const found = ctx.shown(path, name, target);
  ctx.report(path, target, `invalid header name ${found}: expected ${expected}`, { expected, found });
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}
