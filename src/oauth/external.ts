import type { Context } from 'hono';
import { decodeJwt, decodeProtectedHeader, type JWTPayload, jwtVerify } from 'jose';
import type { Principal, Scope, TokenCheck } from '../auth/types.js';
import type { Logger } from '../observability/index.js';
import type { ExternalIdpConfig } from '../spec/index.js';
import { KeysUnavailableError, RemoteKeys } from './jwks.js';
import { classifyJoseError, RefusalLog, refuse, type TokenVerdict } from './refusal.js';
import { scopesFromClaim } from './scopes.js';
import type { PublicUrls } from './urls.js';
import {
  type AccessTokenVerifier,
  acceptedAudiences,
  CLOCK_TOLERANCE_SEC,
  type TenantNames,
} from './verifier.js';

/** Signature algorithms accepted from an identity provider (asymmetric only: never `none` or HMAC). */
const ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];

/** `https://idp.example/` and `https://idp.example` name the same issuer. */
export function issuerVariants(issuer: string): string[] {
  const bare = issuer.replace(/\/+$/, '');
  return [bare, `${bare}/`];
}

/**
 * Resource-server mode: JWTs from an external identity provider, checked against its JWKS
 * ({@link RemoteKeys}: fetched at start-up, refetched at once on an unknown `kid`), its issuer
 * (trailing slash ignored), the audience (configured, else the endpoint or `/mcp` URL; any of a
 * multi-valued `aud`), expiry/not-before (30 s tolerance), a tenant claim (`tenant_claim`, mapped by
 * `tenant_map`) naming a tenant that exists, and scope claims (`scope_claim`, mapped by `scope_map`).
 * Each refusal is logged once per token with its reason; the client only ever sees a generic 401.
 */
export class ExternalVerifier implements AccessTokenVerifier {
  readonly keys: RemoteKeys;
  private readonly refusals: RefusalLog;

  constructor(
    private readonly idp: ExternalIdpConfig,
    private readonly urls: PublicUrls,
    private readonly tenants: Pick<TenantNames, 'get'>,
    private readonly logger?: Logger,
    keys?: RemoteKeys,
  ) {
    this.keys =
      keys ??
      new RemoteKeys({
        jwksUri: () =>
          idp.jwksUri !== undefined ? Promise.resolve(idp.jwksUri) : discoverJwksUri(idp.issuer, logger),
        ...(logger !== undefined ? { logger } : {}),
      });
    this.refusals = new RefusalLog(logger);
  }

  async verify(token: string, c: Context, view: string): Promise<Principal | undefined> {
    const r = await this.check(token, c, view);
    return r.ok ? r.principal : undefined;
  }

  /** Verify for one endpoint; a refusal is logged once per token. */
  async check(token: string, c: Context, view: string): Promise<TokenCheck> {
    const base = this.urls.base(c);
    const verdict = await this.evaluate(
      token,
      this.idp.audiences ?? (base === undefined ? [] : acceptedAudiences(base, view)),
    );
    if (verdict.ok) return { ok: true, principal: verdict.principal };
    this.refusals.report(token, verdict);
    return { ok: false, reason: verdict.reason, authentic: verdict.authentic };
  }

  /** The full verdict on `token` for a resource accepting `audiences` (used by `portico auth test`). */
  async evaluate(token: string, audiences: readonly string[]): Promise<TokenVerdict> {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, this.keys.getKey, {
        algorithms: ALGORITHMS,
        clockTolerance: CLOCK_TOLERANCE_SEC,
        requiredClaims: ['exp', 'sub'],
      }));
    } catch (err) {
      if (err instanceof KeysUnavailableError)
        return refuse('keys_unavailable', false, { error: err.message });
      const verdict = classifyJoseError(err);
      if (verdict === undefined) {
        this.logger?.warn({ err }, 'external OAuth token check failed');
        return refuse('malformed', false);
      }
      if (!verdict.ok && verdict.reason === 'unknown_kid') {
        return refuse('unknown_kid', false, { kid: headerKid(token), known: [...this.keys.keyIds()] });
      }
      if (!verdict.ok && verdict.reason === 'bad_signature') {
        return refuse('bad_signature', false, { ...verdict.detail, kid: headerKid(token) });
      }
      return verdict;
    }
    const claims = payload as Record<string, unknown>;
    if (typeof payload.iss !== 'string' || !issuerVariants(this.idp.issuer).includes(payload.iss)) {
      return refuse(
        'wrong_issuer',
        true,
        { expected: this.idp.issuer, received: payload.iss ?? null },
        claims,
      );
    }
    const aud =
      typeof payload.aud === 'string' ? [payload.aud] : Array.isArray(payload.aud) ? payload.aud : [];
    if (!aud.some((a) => audiences.includes(a))) {
      return refuse('wrong_audience', true, { expected: [...audiences], received: aud }, claims);
    }
    const rawTenant = claimAt(claims, this.idp.tenantClaim);
    if (typeof rawTenant !== 'string' && typeof rawTenant !== 'number') {
      return refuse('tenant_missing', true, { claim: this.idp.tenantClaim }, claims);
    }
    const tenantId = this.idp.tenantMap[String(rawTenant)] ?? String(rawTenant);
    const tenantName = await this.tenants.get(tenantId);
    if (tenantName === undefined) {
      return refuse(
        'tenant_unknown',
        true,
        { claim: this.idp.tenantClaim, value: String(rawTenant), tenant: tenantId },
        claims,
      );
    }
    const present = this.idp.scopeClaims.filter((name) => claimAt(claims, name) !== undefined);
    if (present.length === 0) {
      return refuse('missing_scope_claim', true, { claims: this.idp.scopeClaims }, claims);
    }
    const scopes = new Set<Scope>();
    for (const name of present) {
      for (const s of mappedScopes(claimAt(claims, name), this.idp.scopeMap)) scopes.add(s);
    }
    const subject = `${payload.iss}#${payload.sub}`;
    const clientId = payload.client_id ?? payload.azp ?? payload.appid;
    return {
      ok: true,
      claims,
      principal: {
        kind: 'oauth',
        tenantId,
        tenantName,
        tokenId: subject,
        subject,
        label: typeof clientId === 'string' ? clientId : 'oauth',
        prefix: typeof payload.jti === 'string' ? payload.jti.slice(0, 8) : '',
        scopes,
        views: null,
        expiresAt: typeof payload.exp === 'number' ? new Date(payload.exp * 1000) : null,
        rateLimit: null,
      },
    };
  }
}

function headerKid(token: string): string | null {
  try {
    return decodeProtectedHeader(token).kid ?? null;
  } catch {
    return null;
  }
}

/** The unverified claims of a JWT (for explaining a token), or undefined when it is not one. */
export function peekClaims(token: string): Record<string, unknown> | undefined {
  try {
    return decodeJwt(token) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

/** A claim by exact name (URL-named ones included), else by dotted path into nested objects. */
export function claimAt(claims: Record<string, unknown>, name: string): unknown {
  if (name in claims) return claims[name];
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(name)) return undefined;
  let cur: unknown = claims;
  for (const part of name.split('.')) {
    if (cur === null || typeof cur !== 'object' || Array.isArray(cur)) return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

/** Portico scopes out of a scope claim (string or array), after `scope_map`. */
function mappedScopes(value: unknown, map: Record<string, string[]>): Set<Scope> {
  const parts = typeof value === 'string' ? value.split(/\s+/) : Array.isArray(value) ? value : [];
  const out: string[] = [];
  for (const p of parts) {
    if (typeof p !== 'string' || p === '') continue;
    out.push(...(map[p] ?? [p]));
  }
  return scopesFromClaim(out);
}

/**
 * `jwks_uri` from the issuer's RFC 8414 metadata, else its OpenID configuration (issuer trailing
 * slash ignored). Fails with every location tried and why.
 */
export async function discoverJwksUri(issuer: string, logger?: Logger): Promise<string> {
  const u = new URL(issuer);
  const path = u.pathname === '/' ? '' : u.pathname.replace(/\/+$/, '');
  const candidates = [
    `${u.origin}/.well-known/oauth-authorization-server${path}`,
    `${u.origin}${path}/.well-known/openid-configuration`,
  ];
  const problems: string[] = [];
  for (const url of candidates) {
    try {
      const res = await fetch(url, {
        headers: { accept: 'application/json' },
        signal: AbortSignal.timeout(5_000),
      });
      if (!res.ok) {
        problems.push(`${url}: HTTP ${res.status}`);
        continue;
      }
      const meta = (await res.json()) as { jwks_uri?: unknown; issuer?: unknown };
      if (typeof meta.jwks_uri !== 'string') {
        problems.push(`${url}: no jwks_uri`);
        continue;
      }
      if (typeof meta.issuer === 'string' && !issuerVariants(issuer).includes(meta.issuer)) {
        logger?.warn(
          { configured: issuer, advertised: meta.issuer },
          'oauth.issuer differs from the issuer the identity provider advertises; tokens carry the advertised one, so set oauth.issuer to it',
        );
      }
      return meta.jwks_uri;
    } catch (err) {
      const cause =
        err instanceof Error ? ((err.cause as Error | undefined)?.message ?? err.message) : String(err);
      problems.push(`${url}: ${cause}`);
    }
  }
  throw new Error(
    `cannot discover the signing keys of ${issuer} (tried ${problems.join('; ')}). Check oauth.issuer, or set oauth.jwks_uri.`,
  );
}
