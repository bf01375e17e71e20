import type { OperationSpec, ParamSpec } from '../catalog/types.js';
import { PorticoError } from '../errors/index.js';
import type { HttpMethod, SystemSpec } from '../spec/index.js';

/** A fully built upstream HTTP request (auth headers not yet applied). */
export interface BuiltRequest {
  /** `scheme://host[:port]` of the system's base URL. */
  origin: string;
  method: HttpMethod;
  /** Path plus query string, ready for the wire (starts with the base URL's path). */
  path: string;
  /** Path without the query string (safe to log and to show). */
  pathname: string;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  /** JSON body, when one is sent. */
  body: string | undefined;
}

/** Extra per-call inputs of {@link buildRequest}. */
export interface BuildOptions {
  requestId?: string;
  extraHeaders?: Record<string, string>;
}

/** The `accept` header sent on every upstream request. */
export const ACCEPT = 'application/json, text/plain;q=0.9, */*;q=0.8';

interface CompiledSystem {
  origin: string;
  /** Base URL path without its trailing slash ('' for the root). */
  basePath: string;
  headers: Record<string, string>;
}

interface CompiledOperation {
  /** Template split into literal strings and path params. */
  parts: Array<string | ParamSpec>;
  templateHasQuery: boolean;
  query: ParamSpec[];
  headers: ParamSpec[];
  bodyFields: ParamSpec[];
}

const systems = new WeakMap<SystemSpec, CompiledSystem>();
const operations = new WeakMap<OperationSpec, CompiledOperation>();
const NO_BODY_METHODS: ReadonlySet<HttpMethod> = new Set(['GET', 'HEAD', 'DELETE', 'OPTIONS']);
const DOT_SEGMENT = /(?:^|\/)(?:\.|%2e){1,2}(?:\/|$)/i;

/** Parsed, cached view of a system's base URL and static headers. */
export function compileSystem(system: SystemSpec): CompiledSystem {
  let compiled = systems.get(system);
  if (compiled !== undefined) return compiled;
  let url: URL;
  try {
    url = new URL(system.baseUrl);
  } catch {
    throw new PorticoError(
      'upstream_invalid_request',
      `System "${system.name}" has an invalid base_url; set it to an absolute http(s) URL.`,
      { system: system.name },
    );
  }
  const headers: Record<string, string> = { accept: ACCEPT };
  for (const [name, value] of Object.entries(system.headers)) headers[name.toLowerCase()] = value;
  compiled = { origin: url.origin, basePath: url.pathname.replace(/\/+$/, ''), headers };
  systems.set(system, compiled);
  return compiled;
}

function compileOperation(op: OperationSpec): CompiledOperation {
  let compiled = operations.get(op);
  if (compiled !== undefined) return compiled;
  const pathParams = op.params.filter((p) => p.in === 'path');
  const template = op.path.startsWith('/') ? op.path : `/${op.path}`;
  const parts: Array<string | ParamSpec> = [];
  const re = /\{([^}]+)\}/g;
  let last = 0;
  for (let m = re.exec(template); m !== null; m = re.exec(template)) {
    const name = m[1] as string;
    const param = pathParams.find((p) => p.wireName === name) ?? pathParams.find((p) => p.name === name);
    if (param === undefined) {
      throw new PorticoError(
        'upstream_invalid_request',
        `Operation ${op.system}.${op.name}: the path ${op.path} names {${name}} but no path argument maps to it; ` +
          `declare an argument "${name}" with in: path.`,
        { system: op.system, operation: op.name },
      );
    }
    parts.push(template.slice(last, m.index), param);
    last = m.index + m[0].length;
  }
  parts.push(template.slice(last));
  compiled = {
    parts: parts.filter((p) => p !== ''),
    templateHasQuery: template.includes('?'),
    query: op.params.filter((p) => p.in === 'query'),
    headers: op.params.filter((p) => p.in === 'header'),
    bodyFields: op.params.filter((p) => p.in === 'body'),
  };
  operations.set(op, compiled);
  return compiled;
}

function invalid(op: OperationSpec, message: string, argument: string): PorticoError {
  return new PorticoError(
    'upstream_invalid_request',
    `Invalid request for ${op.system}.${op.name}: ${message}`,
    {
      system: op.system,
      operation: op.name,
      argument,
    },
  );
}

function scalar(value: unknown): string {
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

function buildPath(
  op: OperationSpec,
  c: CompiledOperation,
  base: CompiledSystem,
  args: Record<string, unknown>,
) {
  let path = base.basePath;
  let substituted = false;
  for (const part of c.parts) {
    if (typeof part === 'string') {
      path += part;
      continue;
    }
    const value = args[part.name];
    if (value === undefined || value === null || value === '') {
      throw invalid(op, `the path argument "${part.name}" is required and must not be empty.`, part.name);
    }
    path += encodeURIComponent(scalar(value));
    substituted = true;
  }
  if (substituted) verifyPath(op, base, path);
  return path;
}

/** A substituted value must never change the path structure or the host. */
function verifyPath(op: OperationSpec, base: CompiledSystem, path: string): void {
  const pathname = path.split('?', 1)[0] as string;
  let resolved: URL | undefined;
  try {
    resolved = new URL(pathname, base.origin);
  } catch {
    resolved = undefined;
  }
  const ok =
    resolved !== undefined &&
    resolved.origin === base.origin &&
    resolved.pathname.startsWith(base.basePath) &&
    !DOT_SEGMENT.test(pathname);
  if (!ok) {
    const names = op.params.filter((p) => p.in === 'path').map((p) => p.name);
    const list = names.map((n) => `"${n}"`).join(', ');
    throw invalid(
      op,
      `a path argument (${list}) would change the request path; pass a plain identifier (not "." or "..").`,
      names.join(','),
    );
  }
}

function buildQuery(c: CompiledOperation, args: Record<string, unknown>): string {
  let qs = '';
  for (const p of c.query) {
    const value = args[p.name];
    if (value === undefined || value === null) continue;
    const key = encodeURIComponent(p.wireName);
    for (const item of Array.isArray(value) ? value : [value]) {
      if (item === undefined || item === null) continue;
      qs += `${qs === '' ? '' : '&'}${key}=${encodeURIComponent(scalar(item))}`;
    }
  }
  return qs;
}

function buildBody(
  op: OperationSpec,
  c: CompiledOperation,
  args: Record<string, unknown>,
): string | undefined {
  if (op.body.kind === 'argument') {
    const value = args[op.body.param];
    return value === undefined ? undefined : JSON.stringify(value);
  }
  let fields: Record<string, unknown> | undefined;
  for (const p of c.bodyFields) {
    const value = args[p.name];
    if (value === undefined) continue;
    fields ??= {};
    fields[p.wireName] = value;
  }
  if (fields === undefined) return NO_BODY_METHODS.has(op.method) ? undefined : '{}';
  return JSON.stringify(fields);
}

/**
 * Build the upstream request for one tool call: path template substitution (each value
 * percent-encoded, never able to change the path structure or host), query string, header params,
 * JSON body and static headers. Throws `upstream_invalid_request` on unsafe or missing input.
 */
export function buildRequest(
  operation: OperationSpec,
  system: SystemSpec,
  args: Record<string, unknown>,
  opts: BuildOptions = {},
): BuiltRequest {
  const base = compileSystem(system);
  const c = compileOperation(operation);
  const pathname = buildPath(operation, c, base, args);
  const qs = buildQuery(c, args);
  const path = qs === '' ? pathname : `${pathname}${c.templateHasQuery ? '&' : '?'}${qs}`;
  const headers: Record<string, string> = { ...base.headers };
  for (const p of c.headers) {
    const value = args[p.name];
    if (value === undefined || value === null) continue;
    const text = Array.isArray(value) ? value.map(scalar).join(', ') : scalar(value);
    if (/[\r\n\0]/.test(text)) {
      throw invalid(
        operation,
        `the header argument "${p.name}" contains a line break or NUL character.`,
        p.name,
      );
    }
    headers[p.wireName.toLowerCase()] = text;
  }
  if (opts.extraHeaders !== undefined) {
    for (const [name, value] of Object.entries(opts.extraHeaders)) headers[name.toLowerCase()] = value;
  }
  if (opts.requestId !== undefined) headers['x-request-id'] = opts.requestId;
  const body = buildBody(operation, c, args);
  if (body !== undefined) headers['content-type'] = 'application/json';
  return {
    origin: base.origin,
    method: operation.method,
    path,
    pathname: c.templateHasQuery ? (pathname.split('?', 1)[0] as string) : pathname,
    headers,
    body,
  };
}
