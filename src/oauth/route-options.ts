import type { Context } from 'hono';
import type { Scope } from '../auth/types.js';
import type { Logger } from '../observability/index.js';
import type { ClientRegistry } from './clients.js';
import type { FormTokens } from './form-token.js';
import type { SigningKeys } from './keys.js';
import type { AuthorizationServer } from './server.js';
import type { SignInLimiter } from './sign-in-throttle.js';
import type { PublicUrls } from './urls.js';
import type { OAuthUsers } from './users.js';
import type { BuiltinVerifier } from './verifier.js';

/** The built-in authorization server's parts (absent in external mode). */
export interface BuiltinParts {
  server: AuthorizationServer;
  clients: ClientRegistry;
  users: OAuthUsers;
  keys: SigningKeys;
  forms: FormTokens;
  verifier: BuiltinVerifier;
  dynamicRegistration: boolean;
  /** What a sign-in without a `scope` parameter requests. */
  defaultScopes: readonly Scope[];
}

/** Options of {@link createOAuthRoutes}. */
export interface OAuthRoutesOptions {
  urls: PublicUrls;
  /** The authorization server named in Protected Resource Metadata (external mode: the IdP's issuer). */
  externalIssuer?: string;
  builtin?: BuiltinParts;
  limiter: SignInLimiter;
  clientAddress: (c: Context) => string;
  /** True when the gateway serves this view (PRM of unknown views is 404). */
  hasView: (view: string) => boolean;
  logger?: Logger;
}
