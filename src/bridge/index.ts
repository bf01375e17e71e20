export { BRIDGE_SERVER_INFO, type BridgeOptions, type RunningBridge, startBridge } from './bridge-server.js';
export { type CallbackResult, type CallbackServer, startCallbackServer } from './callback-server.js';
export {
  type CredentialsFile,
  CredentialsStore,
  defaultCredentialsPath,
  type GatewayCredentials,
  type OAuthCredentials,
  type TokenCredentials,
} from './credentials.js';
export { BridgeError, type BridgeErrorKind, isBridgeError, reloginMessage } from './errors.js';
export {
  BRIDGE_CLIENT_INFO,
  type CallOptions,
  errorResult,
  GatewayConnection,
  type GatewayConnectionOptions,
} from './gateway-connection.js';
export { type BridgeLog, quietLog, stderrLog } from './log.js';
export { loginWithOAuth, OAUTH_CLIENT_NAME, type OAuthLoginOptions } from './login-oauth.js';
export { loginWithToken, tokenHint } from './login-token.js';
export { classifyFetchError, classifyGatewayError, serverMessage } from './network.js';
export { findCredentials, MissingCredentials, resolveTokenSource } from './resolve.js';
export { revokeSignIn } from './revoke.js';
export { scopeRefusal, type WhoAsked } from './scope-refusal.js';
export {
  bridgeCommand,
  mergeServerEntry,
  planSetup,
  SETUP_CLIENTS,
  type SetupClient,
  type SetupInput,
  type SetupPlan,
  setupConfigPath,
  writeSetup,
} from './setup.js';
export {
  EARLY_REFRESH_MS,
  OAuthTokenSource,
  type OAuthTokenSourceOptions,
  StaticTokenSource,
  type TokenSource,
  tokenSourceFor,
} from './tokens.js';
export { credentialKeys, normalizeGatewayUrl, viewUrl } from './url.js';
