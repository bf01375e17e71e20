export { type Backoff, backoffDelay, DEFAULT_BACKOFF } from './backoff.js';
export { createFederation } from './federation.js';
export type {
  FederatedCallOptions,
  FederatedProgress,
  FederatedServerState,
  FederatedServerStatus,
  Federation,
  FederationLogger,
  FederationOptions,
} from './types.js';
