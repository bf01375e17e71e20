import { boundedCopy } from './bounded-copy.js';

/** At most this many argument names are kept per audit row (each cut to {@link MAX_KEY_LENGTH}). */
export const MAX_ARG_KEYS = 100;
export const MAX_KEY_LENGTH = 128;

const globCache = new Map<string, RegExp>();

/** Compile a tool-name glob (`*` matches any run of characters, everything else is literal). */
function globRegExp(glob: string): RegExp {
  let re = globCache.get(glob);
  if (re === undefined) {
    const body = glob
      .split('*')
      .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*');
    re = new RegExp(`^${body}$`, 's');
    if (globCache.size > 1_000) globCache.clear();
    globCache.set(glob, re);
  }
  return re;
}

/** True when `tool` matches one of the globs (`*` wildcard). */
export function matchesToolGlob(tool: string, globs: readonly string[]): boolean {
  return globs.some((g) => globRegExp(g).test(tool));
}

/**
 * What the audit trail keeps of a call's arguments: their names always (at most
 * {@link MAX_ARG_KEYS}), their values only when `tool` matches one of the `recordArguments`
 * globs (`*` wildcard), as a bounded JSON-safe copy; `args` is null otherwise.
 */
export function auditArguments(
  tool: string,
  args: Record<string, unknown> | undefined,
  recordArguments: string[],
): { argKeys: string[]; args: Record<string, unknown> | null } {
  if (args === undefined || args === null || typeof args !== 'object') return { argKeys: [], args: null };
  const argKeys = Object.keys(args)
    .slice(0, MAX_ARG_KEYS)
    .map((k) => (k.length > MAX_KEY_LENGTH ? k.slice(0, MAX_KEY_LENGTH) : k));
  if (recordArguments.length === 0 || !matchesToolGlob(tool, recordArguments)) return { argKeys, args: null };
  return { argKeys, args: copy(args) };
}

/** A JSON-safe copy: too deep, too large or non-JSON parts become markers (see `boundedCopy`). */
function copy(args: Record<string, unknown>): Record<string, unknown> {
  return boundedCopy(args).value as Record<string, unknown>;
}
