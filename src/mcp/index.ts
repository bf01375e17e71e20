export {
  decodeRelayCapabilities,
  encodeRelayCapabilities,
  type RelayCapabilities,
  relayCapabilitiesOf,
} from './client-capabilities.js';
export {
  DEFAULT_MAX_SUSPENDED_PER_TENANT,
  InputBridge,
  type InputBridgeOptions,
  type ReplicaChannel,
} from './input-bridge.js';
export { inputStateKey } from './input-state.js';
export { PendingRelays } from './pending-relays.js';
export { relayOwner } from './relay.js';
export { RootsRelay, type StreamWriter } from './roots-relay.js';
export { createServerFactory, type RequestFacts, requestAuthInfo, SERVER_INFO } from './server-factory.js';
export { openToken, sealToken, type TokenKind } from './signed-token.js';
export type { TaskIds, TaskRef } from './task-ids.js';
