export { createHttpApp, type HttpApp, type HttpAppOptions } from './app.js';
export { clientAddressResolver, proxyList, socketAddress } from './client-address.js';
export { type ConnectionLimits, listen, type NodeHttpServer } from './node.js';
export {
  type AuditSink,
  authenticateRequest,
  type BearerVerifier,
  bearerChallenge,
  type CallerAuthenticator,
  clientAddress,
  type EdgeMetrics,
  type EdgeSecurity,
  type RequestLimiter,
} from './security.js';
export { createSessionIds, type SessionIds } from './session-id.js';
export { createTaskIds } from './task-ids.js';
