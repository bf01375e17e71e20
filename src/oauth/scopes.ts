import { DEFAULT_TOKEN_SCOPES } from '../auth/index.js';
import { SCOPES, type Scope } from '../auth/types.js';
import { OAuthError } from './clients.js';

const KNOWN: ReadonlySet<string> = new Set(SCOPES);
/** OpenID Connect scopes some clients always add; ignored (Portico issues no ID tokens). */
const IGNORED = new Set(['openid', 'profile', 'email', 'offline_access']);

/** The scopes clients are offered (and the 401 challenge names) by default. */
export const DEFAULT_OAUTH_SCOPES: readonly Scope[] = [...DEFAULT_TOKEN_SCOPES] as Scope[];

/** A `scope` parameter → Portico scopes (absent/empty → `defaults`); unknown → `invalid_scope`. */
export function parseScopeParam(
  param: string | undefined,
  defaults: readonly Scope[] = DEFAULT_OAUTH_SCOPES,
): Scope[] {
  const parts = (param ?? '').split(' ').filter((s) => s !== '' && !IGNORED.has(s));
  if (parts.length === 0) return [...defaults];
  const unknown = parts.filter((s) => !KNOWN.has(s));
  if (unknown.length > 0) {
    throw new OAuthError(
      'invalid_scope',
      `Unknown scope ${unknown.map((s) => `"${s}"`).join(', ')}; this server offers ${SCOPES.join(', ')}.`,
    );
  }
  return SCOPES.filter((s) => parts.includes(s));
}

/** Portico scopes out of a claim value: a space-separated string or an array of strings. */
export function scopesFromClaim(value: unknown): Set<Scope> {
  const parts = typeof value === 'string' ? value.split(' ') : Array.isArray(value) ? value : [];
  return new Set(parts.filter((s): s is Scope => typeof s === 'string' && KNOWN.has(s)));
}
