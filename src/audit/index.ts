export { auditArguments, MAX_ARG_KEYS, MAX_KEY_LENGTH, matchesToolGlob } from './arguments.js';
export { AuditLog, type AuditLogOptions, type AuditMetrics } from './audit-log.js';
export {
  AUDIT_MAX_BYTES,
  AUDIT_MAX_DEPTH,
  type BoundedCopy,
  boundedCopy,
  omittedMarker,
} from './bounded-copy.js';
export { parseSince } from './since.js';
