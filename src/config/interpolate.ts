import type { ConfigIssue } from './errors.js';
import { type ConfigSource, formatPath, type PathSegment } from './locate.js';

/** The environment variables `${VAR}` references resolve against. */
export type Env = Record<string, string | undefined>;

/** The document with every `${VAR}` replaced, and what went wrong doing it. */
export interface Interpolated {
  value: unknown;
  /** Malformed references (`config_invalid`). */
  invalid: ConfigIssue[];
  /** Variables not set and without default (`config_env_missing`). */
  missing: ConfigIssue[];
  /** Formatted paths of the strings that could not be interpolated (other checks skip them). */
  failedPaths: Set<string>;
}

const REFERENCE = /\$\$\{|\$\{([^}]*)\}|\$\{/g;
const NAME_AND_DEFAULT = /^([A-Za-z_][A-Za-z0-9_]*)(?::-([\s\S]*))?$/;

/**
 * Replace `${VAR}` and `${VAR:-default}` in every string value of `raw` (keys are left alone).
 * `$${` stands for a literal `${`. A default applies when the variable is unset or empty.
 */
export function interpolate(raw: unknown, env: Env, source: ConfigSource): Interpolated {
  const out: Interpolated = { value: undefined, invalid: [], missing: [], failedPaths: new Set() };
  out.value = walk(raw, [], env, source, out);
  return out;
}

function walk(
  node: unknown,
  path: PathSegment[],
  env: Env,
  source: ConfigSource,
  out: Interpolated,
): unknown {
  if (typeof node === 'string') return substitute(node, path, env, source, out);
  if (Array.isArray(node)) return node.map((item, i) => walk(item, [...path, i], env, source, out));
  if (node !== null && typeof node === 'object') {
    return Object.fromEntries(
      Object.entries(node).map(([key, value]) => [key, walk(value, [...path, key], env, source, out)]),
    );
  }
  return node;
}

function substitute(text: string, path: PathSegment[], env: Env, source: ConfigSource, out: Interpolated) {
  const fail = (list: ConfigIssue[], needle: string, message: string, hint: string) => {
    list.push(source.issue(path, { within: needle }, message, { hint }));
    out.failedPaths.add(formatPath(path));
  };
  return text.replace(REFERENCE, (match: string, inner: string | undefined, offset: number) => {
    if (match === '$${') return '${';
    if (inner === undefined) {
      fail(
        out.invalid,
        text.slice(offset),
        `unterminated variable reference "\${"`,
        `close it: \${NAME}, or write $\${ for a literal "\${"`,
      );
      return match;
    }
    const parsed = NAME_AND_DEFAULT.exec(inner);
    if (!parsed) {
      const hint = `write \${NAME} or \${NAME:-default}; NAME is letters, digits and _ (not starting with a digit)`;
      fail(out.invalid, match, `invalid variable reference "${match}"`, hint);
      return match;
    }
    const [, name = '', fallback] = parsed;
    const value = env[name];
    if (fallback !== undefined && (value === undefined || value === '')) return fallback;
    if (value !== undefined) return value;
    const hint = `set ${name} in the environment, or give a default: \${${name}:-value}`;
    fail(out.missing, match, `environment variable ${name} is not set`, hint);
    return '';
  });
}
