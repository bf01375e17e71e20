export { type Backoff, backoffDelay, DEFAULT_BACKOFF } from './backoff.js';
export { createFederation } from './federation.js';
export { TENANT_PLACEHOLDER, tenantSlug } from './tenant-config.js';
export type {
  FederatedCaller,
  FederatedCallOptions,
  FederatedInput,
  FederatedProgress,
  FederatedServerRequest,
  FederatedServerRequestRelay,
  FederatedServerState,
  FederatedServerStatus,
  FederatedTaskPage,
  Federation,
  FederationCredentials,
  FederationEvent,
  FederationLogger,
  FederationOptions,
} from './types.js';
