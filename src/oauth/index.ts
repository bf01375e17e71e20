export {
  type ClientAuthMethod,
  ClientRegistry,
  type ClientRegistryOptions,
  OAuthError,
  type ResolvedClient,
} from './clients.js';
export { explainToken, type TokenExplanation } from './explain.js';
export { claimAt, discoverJwksUri, ExternalVerifier, issuerVariants, peekClaims } from './external.js';
export { FormTokens } from './form-token.js';
export {
  type GrantFilter,
  type GrantInfo,
  type GrantJson,
  grantJson,
  OAuthGrants,
} from './grants.js';
export { KeysUnavailableError, RemoteKeys, type RemoteKeysOptions } from './jwks.js';
export { SigningKeys } from './keys.js';
export { burnPasswordCheck, hashPassword, verifyPassword } from './password.js';
export { isS256Challenge, s256, verifyPkce } from './pkce.js';
export { isLoopbackHttp, redirectUriMatches, redirectUriProblem } from './redirect-uri.js';
export { REFUSAL_TEXT, RefusalLog, type TokenVerdict, tokenFingerprint } from './refusal.js';
export {
  authorizationServerMetadata,
  type BuiltinParts,
  createOAuthRoutes,
  type OAuthRoutesOptions,
} from './routes.js';
export { DEFAULT_OAUTH_SCOPES, parseScopeParam, scopesFromClaim } from './scopes.js';
export {
  type AuthorizationRequest,
  AuthorizationServer,
  type AuthorizationServerOptions,
  CODE_TTL_SEC,
  type TokenResponse,
} from './server.js';
export { createOAuth, type OAuthOptions, type OAuthService } from './service.js';
export { type SignInAttempt, type SignInLimiter, throttledSignIn } from './sign-in-throttle.js';
export { PublicUrls, protectedResourceMetadataUrl, resourceUrl, viewOfResource } from './urls.js';
export { type OAuthUserInfo, OAuthUsers, parseRole } from './users.js';
export {
  type AccessTokenVerifier,
  acceptedAudiences,
  BuiltinVerifier,
  CLOCK_TOLERANCE_SEC,
  TenantNames,
} from './verifier.js';
