import { createHmac } from 'node:crypto';
import type { Context, Hono } from 'hono';
import type { Principal, TokenCheck } from '../auth/types.js';
import type { Logger } from '../observability/index.js';
import type { SecretBox } from '../secrets/index.js';
import type { OAuthConfig } from '../spec/index.js';
import type { Store } from '../store/index.js';
import { ClientRegistry } from './clients.js';
import { ExternalVerifier } from './external.js';
import { FormTokens } from './form-token.js';
import { SigningKeys } from './keys.js';
import { type BuiltinParts, createOAuthRoutes, type SignInLimiter } from './routes.js';
import { DEFAULT_OAUTH_SCOPES } from './scopes.js';
import { AuthorizationServer } from './server.js';
import { PublicUrls, protectedResourceMetadataUrl } from './urls.js';
import { OAuthUsers } from './users.js';
import { BuiltinVerifier, TenantNames } from './verifier.js';

/** Options of {@link createOAuth}. */
export interface OAuthOptions {
  config: OAuthConfig;
  /** `server.public_url`. */
  publicUrl?: string;
  /** `server.allowed_hosts` (request origins with other hosts never become issuers or audiences). */
  allowedHosts?: string[];
  store: Store;
  /** Seals the signing key at rest. */
  box: SecretBox;
  /** The instance secret key (32 bytes); the sign-in form MAC key is derived from it. */
  secretKey: Buffer;
  limiter: SignInLimiter;
  clientAddress: (c: Context) => string;
  logger?: Logger;
}

/** OAuth 2.1 for the MCP endpoints: what the HTTP edge and the composition root use. */
export interface OAuthService {
  mode: 'builtin' | 'external';
  /** Verify a non-`mcp_` bearer for one endpoint (undefined for every kind of failure). */
  verify(token: string, c: Context, view: string): Promise<Principal | undefined>;
  /** {@link verify} with the reason of a refusal (external mode logs each refused token once). */
  check(token: string, c: Context, view: string): Promise<TokenCheck>;
  /** False while external mode has no signing keys of its IdP yet (`/healthz` not ready). */
  ready(): boolean;
  /** Facts for `/healthz`. */
  health(): Record<string, unknown>;
  /** Stop background work (JWKS retries). */
  close(): void;
  /** `resource_metadata` and `scope` for the endpoint's 401 `WWW-Authenticate` challenge. */
  challengeParams(c: Context, view: string): Record<string, string>;
  /** The OAuth routes (PRM; in builtin mode also the authorization server), mounted at the root. */
  routes(hasView: (view: string) => boolean): Hono;
  /** Users of the built-in authorization server (undefined in external mode). */
  users?: OAuthUsers;
}

/** Build the OAuth service for `config.mode` (`off` → undefined: nothing is served, only `mcp_` tokens work). */
export async function createOAuth(opts: OAuthOptions): Promise<OAuthService | undefined> {
  const { config } = opts;
  if (config.mode === 'off') return undefined;
  const urls = new PublicUrls({
    ...(opts.publicUrl !== undefined ? { publicUrl: opts.publicUrl } : {}),
    allowedHosts: opts.allowedHosts ?? [],
  });
  const tenants = new TenantNames(opts.store);
  const defaultScopes = config.defaultScopes ?? DEFAULT_OAUTH_SCOPES;
  const scope = defaultScopes.join(' ');
  const challengeParams = (c: Context, view: string): Record<string, string> => {
    const base = urls.base(c);
    return base === undefined
      ? { scope }
      : { resource_metadata: protectedResourceMetadataUrl(base, view), scope };
  };
  const routeOpts = {
    urls,
    limiter: opts.limiter,
    clientAddress: opts.clientAddress,
    ...(opts.logger !== undefined ? { logger: opts.logger } : {}),
  };

  if (config.mode === 'external') {
    const idp = config.external;
    if (idp === undefined) throw new TypeError('oauth.mode external needs oauth.issuer');
    const verifier = new ExternalVerifier(idp, urls, tenants, opts.logger);
    await verifier.keys.start();
    return {
      mode: 'external',
      verify: (token, c, view) => verifier.verify(token, c, view),
      check: (token, c, view) => verifier.check(token, c, view),
      ready: () => verifier.keys.ready(),
      health: () => {
        const problem = verifier.keys.problem();
        return {
          issuer: idp.issuer,
          signingKeys: problem === undefined ? verifier.keys.keyIds() : { error: problem },
        };
      },
      close: () => verifier.keys.close(),
      challengeParams,
      routes: (hasView) => createOAuthRoutes({ ...routeOpts, externalIssuer: idp.issuer, hasView }),
    };
  }

  const keys = await SigningKeys.load(opts.store, opts.box);
  const users = new OAuthUsers(opts.store);
  const verifier = new BuiltinVerifier(opts.store, keys, urls, tenants);
  const builtin: BuiltinParts = {
    server: new AuthorizationServer({
      store: opts.store,
      keys,
      accessTokenTtlSec: config.accessTokenTtlSec,
      refreshTokenTtlSec: config.refreshTokenTtlSec,
    }),
    clients: new ClientRegistry({
      store: opts.store,
      allowInsecureMetadata: config.allowInsecureClientMetadata,
    }),
    users,
    keys,
    forms: new FormTokens(createHmac('sha256', opts.secretKey).update('portico oauth forms v1').digest()),
    verifier,
    dynamicRegistration: config.dynamicRegistration,
    defaultScopes,
  };
  return {
    mode: 'builtin',
    verify: (token, c, view) => verifier.verify(token, c, view),
    check: (token, c, view) => verifier.check(token, c, view),
    ready: () => true,
    health: () => ({}),
    close: () => {},
    challengeParams,
    routes: (hasView) => createOAuthRoutes({ ...routeOpts, builtin, hasView }),
    users,
  };
}
