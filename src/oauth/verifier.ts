import type { Context } from 'hono';
import { decodeProtectedHeader, errors, type JWTPayload, jwtVerify } from 'jose';
import type { Principal, TokenCheck, TokenRefusalReason } from '../auth/types.js';
import type { Store } from '../store/index.js';
import type { SigningKeys } from './keys.js';
import { classifyJoseError } from './refusal.js';
import { scopesFromClaim } from './scopes.js';
import { type PublicUrls, resourceUrl } from './urls.js';

/** Verifies an OAuth access token presented to one MCP endpoint; undefined for any failure. */
export interface AccessTokenVerifier {
  verify(token: string, c: Context, view: string): Promise<Principal | undefined>;
}

/** Seconds of clock skew tolerated on `exp`/`nbf`/`iat`. */
export const CLOCK_TOLERANCE_SEC = 30;

/** Tenant display names with a short cache (names change rarely; existence is re-checked after it). */
export class TenantNames {
  private readonly cache = new Map<string, { name: string; until: number }>();
  constructor(
    private readonly store: Store,
    private readonly ttlMs = 60_000,
  ) {}

  async get(id: string): Promise<string | undefined> {
    const hit = this.cache.get(id);
    if (hit !== undefined && hit.until > Date.now()) return hit.name;
    const tenant = await this.store.getTenant(id);
    if (tenant === undefined) return undefined;
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(id, { name: tenant.name, until: Date.now() + this.ttlMs });
    return tenant.name;
  }
}

/**
 * The audiences a token may carry on an endpoint: the endpoint's own resource URL, or the gateway's
 * `/mcp` URL (a token for `/mcp` covers every view; a token for `/mcp/ops` only that view).
 */
export function acceptedAudiences(base: string, view: string): string[] {
  const own = resourceUrl(base, view);
  const root = `${base}/mcp`;
  return own === root ? [root] : [own, root];
}

function audienceMatches(aud: JWTPayload['aud'], accepted: readonly string[]): boolean {
  const list = typeof aud === 'string' ? [aud] : Array.isArray(aud) ? aud : [];
  return list.some((a) => accepted.includes(a));
}

/**
 * Access tokens of the built-in authorization server: ES256 signature with the current key (`kid`),
 * `typ: at+jwt`, issuer = this gateway's base URL, audience per {@link acceptedAudiences}, not
 * expired, and its grant not revoked (one primary-key lookup per request, so a revocation from any
 * process applies to the next request).
 */
export class BuiltinVerifier implements AccessTokenVerifier {
  constructor(
    private readonly store: Store,
    private readonly keys: SigningKeys,
    private readonly urls: PublicUrls,
    private readonly tenants: TenantNames,
  ) {}

  async verify(token: string, c: Context, view: string): Promise<Principal | undefined> {
    const r = await this.check(token, c, view);
    return r.ok ? r.principal : undefined;
  }

  /** {@link verify} with the reason of a refusal (expired, revoked, … tokens it signed are authentic). */
  async check(token: string, c: Context, view: string): Promise<TokenCheck> {
    const base = this.urls.base(c);
    if (base === undefined) return { ok: false, reason: 'wrong_audience', authentic: false };
    let payload: JWTPayload;
    try {
      const header = decodeProtectedHeader(token);
      if (header.kid !== this.keys.kid) return { ok: false, reason: 'unknown_kid', authentic: false };
      ({ payload } = await jwtVerify(token, this.keys.publicKey, {
        issuer: base,
        algorithms: ['ES256'],
        typ: 'at+jwt',
        clockTolerance: 0,
        requiredClaims: ['exp', 'iat', 'sub', 'aud'],
      }));
    } catch (err) {
      const verdict = classifyJoseError(err);
      if (verdict === undefined) throw err;
      return verdict.ok
        ? { ok: false, reason: 'malformed', authentic: false }
        : { ok: false, reason: verdict.reason, authentic: verdict.authentic };
    }
    const refused = (reason: TokenRefusalReason): TokenCheck => ({ ok: false, reason, authentic: true });
    if (!audienceMatches(payload.aud, acceptedAudiences(base, view))) return refused('wrong_audience');
    const grantId = payload.portico_grant;
    if (typeof grantId !== 'string' || typeof payload.sub !== 'string') return refused('missing_claim');
    const grant = await this.store.getOAuthGrant(grantId);
    if (grant === undefined || grant.revokedAt !== null) return refused('revoked');
    if (grant.tenantId !== payload.portico_tenant) return refused('tenant_unknown');
    const tenantName = await this.tenants.get(grant.tenantId);
    if (tenantName === undefined) return refused('tenant_unknown');
    return {
      ok: true,
      principal: {
        kind: 'oauth',
        tenantId: grant.tenantId,
        tenantName,
        tokenId: grant.id,
        subject: `${base}#${payload.sub}`,
        label: grant.clientName,
        prefix: typeof payload.jti === 'string' ? payload.jti.slice(0, 8) : '',
        scopes: scopesFromClaim(payload.scope),
        views: null,
        expiresAt: typeof payload.exp === 'number' ? new Date(payload.exp * 1000) : null,
        rateLimit: null,
      },
    };
  }

  /** Verified claims of a token this server signed (expired ones too when `ignoreExpiry`). */
  async claims(token: string, issuer: string, ignoreExpiry = false): Promise<JWTPayload | undefined> {
    try {
      const header = decodeProtectedHeader(token);
      if (header.kid !== this.keys.kid) return undefined;
      const { payload } = await jwtVerify(token, this.keys.publicKey, {
        issuer,
        algorithms: ['ES256'],
        typ: 'at+jwt',
        clockTolerance: ignoreExpiry ? 10 * 365 * 86_400 : 0,
        requiredClaims: ['exp', 'iat', 'sub', 'aud'],
      });
      return payload;
    } catch (err) {
      if (err instanceof errors.JOSEError || err instanceof TypeError || err instanceof SyntaxError)
        return undefined;
      throw err;
    }
  }
}
