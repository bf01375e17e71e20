import { PorticoError } from '../errors/index.js';
import { closestMatch, didYouMean } from '../suggest/index.js';
import { type Permission, SCOPES, type Scope } from './types.js';

/** Scopes of a new token when none are given: discovery + invoke (write must be asked for explicitly). */
export const DEFAULT_TOKEN_SCOPES: readonly Scope[] = Object.freeze([
  'mcp.tools.discovery',
  'mcp.tools.invoke',
]);

const KNOWN: ReadonlySet<string> = new Set(SCOPES);

/**
 * Validate scope names (a comma/space-separated string or a list). Unknown names →
 * `invalid_input` listing {@link SCOPES} with a did-you-mean; none at all → `invalid_input`.
 * Dedupes and returns them in {@link SCOPES} order.
 */
export function parseScopes(input: string | string[]): Scope[] {
  const parts = (Array.isArray(input) ? input : [input])
    .flatMap((p) => String(p).split(/[\s,]+/))
    .map((p) => p.trim())
    .filter((p) => p !== '');
  if (parts.length === 0) {
    throw new PorticoError('invalid_input', `No scopes given: use one or more of ${SCOPES.join(', ')}.`, {
      accepted: [...SCOPES],
    });
  }
  const unknown = parts.filter((p) => !KNOWN.has(p));
  if (unknown.length > 0) {
    const first = unknown[0] as string;
    const hint = suggestScope(first);
    throw new PorticoError(
      'invalid_input',
      `Unknown scope${unknown.length > 1 ? 's' : ''} ${unknown.map((u) => `"${u}"`).join(', ')}` +
        `${didYouMean(hint)}. The scopes are ${SCOPES.join(', ')}.`,
      { unknown, accepted: [...SCOPES] },
    );
  }
  const given = new Set(parts);
  return SCOPES.filter((s) => given.has(s));
}

function suggestScope(name: string): Scope | undefined {
  const lower = name.toLowerCase();
  const bySuffix = SCOPES.find((s) => s === lower || s.endsWith(`.${lower.split('.').pop()}`));
  if (bySuffix !== undefined) return bySuffix;
  return closestMatch(name, SCOPES) as Scope | undefined;
}

/** Scope needed to call a tool: `mcp.tools.invoke` for read-only tools, `mcp.tools.write` for the others. */
export function requiredScopeFor(readOnly: boolean): Scope {
  return readOnly ? 'mcp.tools.invoke' : 'mcp.tools.write';
}

/** What `scopes` allow for one tool: `write` / `invoke` (may call), `list` (discovery only) or `none`. */
export function permissionFor(scopes: ReadonlySet<Scope>, readOnly: boolean): Permission {
  if (scopes.has(requiredScopeFor(readOnly))) return readOnly ? 'invoke' : 'write';
  return scopes.has('mcp.tools.discovery') ? 'list' : 'none';
}
