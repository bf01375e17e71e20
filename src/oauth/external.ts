import type { Context } from 'hono';
import { createRemoteJWKSet, errors, type JWTPayload, jwtVerify } from 'jose';
import type { Principal } from '../auth/types.js';
import type { ExternalIdpConfig } from '../config/index.js';
import type { Logger } from '../observability/index.js';
import { scopesFromClaim } from './scopes.js';
import type { PublicUrls } from './urls.js';
import {
  type AccessTokenVerifier,
  acceptedAudiences,
  CLOCK_TOLERANCE_SEC,
  type TenantNames,
} from './verifier.js';

/** JWKS of an external IdP: refetched at most every 30 s on an unknown `kid`, kept 10 min otherwise. */
const JWKS_COOLDOWN_MS = 30_000;
const JWKS_MAX_AGE_MS = 10 * 60_000;

/**
 * Resource-server mode: JWTs from an external identity provider, checked against its JWKS
 * (`jose.createRemoteJWKSet`: cached, refetched on an unknown key id with a cooldown), its issuer,
 * the audience (configured, else the endpoint or `/mcp` URL), expiry/not-before (30 s tolerance), and
 * a tenant claim naming a tenant that exists.
 */
export class ExternalVerifier implements AccessTokenVerifier {
  private jwks: ReturnType<typeof createRemoteJWKSet> | undefined;
  private resolving: Promise<ReturnType<typeof createRemoteJWKSet>> | undefined;

  constructor(
    private readonly idp: ExternalIdpConfig,
    private readonly urls: PublicUrls,
    private readonly tenants: TenantNames,
    private readonly logger?: Logger,
  ) {}

  async verify(token: string, c: Context, view: string): Promise<Principal | undefined> {
    let payload: JWTPayload;
    try {
      const jwks = await this.keySet();
      ({ payload } = await jwtVerify(token, jwks, {
        issuer: this.idp.issuer,
        clockTolerance: CLOCK_TOLERANCE_SEC,
        requiredClaims: ['exp', 'sub'],
      }));
    } catch (err) {
      if (err instanceof errors.JOSEError || err instanceof TypeError || err instanceof SyntaxError)
        return undefined;
      this.logger?.warn({ err }, 'external OAuth token check failed');
      return undefined;
    }
    const base = this.urls.base(c);
    const accepted =
      this.idp.audience !== undefined
        ? [this.idp.audience]
        : base === undefined
          ? []
          : acceptedAudiences(base, view);
    const aud = typeof payload.aud === 'string' ? [payload.aud] : (payload.aud ?? []);
    if (!aud.some((a) => accepted.includes(a))) return undefined;
    const tenantId = payload[this.idp.tenantClaim];
    if (typeof tenantId !== 'string') return undefined;
    const tenantName = await this.tenants.get(tenantId);
    if (tenantName === undefined) return undefined;
    const subject = `${payload.iss}#${payload.sub}`;
    const clientId = payload.client_id ?? payload.azp;
    return {
      kind: 'oauth',
      tenantId,
      tenantName,
      tokenId: subject,
      subject,
      label: typeof clientId === 'string' ? clientId : 'oauth',
      prefix: typeof payload.jti === 'string' ? payload.jti.slice(0, 8) : '',
      scopes: scopesFromClaim(payload[this.idp.scopeClaim]),
      views: null,
      expiresAt: typeof payload.exp === 'number' ? new Date(payload.exp * 1000) : null,
      rateLimit: null,
    };
  }

  private keySet(): Promise<ReturnType<typeof createRemoteJWKSet>> {
    if (this.jwks !== undefined) return Promise.resolve(this.jwks);
    this.resolving ??= (async () => {
      const uri = this.idp.jwksUri ?? (await discoverJwksUri(this.idp.issuer));
      this.jwks = createRemoteJWKSet(new URL(uri), {
        cooldownDuration: JWKS_COOLDOWN_MS,
        cacheMaxAge: JWKS_MAX_AGE_MS,
        timeoutDuration: 5_000,
      });
      return this.jwks;
    })().finally(() => {
      this.resolving = undefined;
    });
    return this.resolving;
  }
}

/** `jwks_uri` from the issuer's RFC 8414 metadata, else its OpenID configuration. */
export async function discoverJwksUri(issuer: string): Promise<string> {
  const u = new URL(issuer);
  const path = u.pathname === '/' ? '' : u.pathname.replace(/\/+$/, '');
  const candidates = [
    `${u.origin}/.well-known/oauth-authorization-server${path}`,
    `${u.origin}${path}/.well-known/openid-configuration`,
  ];
  for (const url of candidates) {
    try {
      const res = await fetch(url, {
        headers: { accept: 'application/json' },
        signal: AbortSignal.timeout(5_000),
      });
      if (!res.ok) continue;
      const meta = (await res.json()) as { jwks_uri?: unknown; issuer?: unknown };
      if (typeof meta.jwks_uri === 'string') return meta.jwks_uri;
    } catch {
      // try the next location
    }
  }
  throw new TypeError(`no jwks_uri found in the metadata of ${issuer}`);
}
