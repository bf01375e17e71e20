export {
  AccessService,
  type AccessServiceOptions,
  type AuthFailureReason,
  type CreateTokenInput,
  type TokenInfo,
} from './access-service.js';
export { adminTokenMatches, bearerFrom, devPrincipal } from './credentials.js';
export { parseExpiry } from './expiry.js';
export { DEFAULT_TOKEN_SCOPES, parseScopes, permissionFor, requiredScopeFor } from './scopes.js';
export { generateTokenSecret, hashTokenSecret, looksLikeTokenSecret } from './token-secret.js';
export {
  type Permission,
  type Principal,
  SCOPES,
  type Scope,
  type TokenCheck,
  type TokenRefusalReason,
} from './types.js';
