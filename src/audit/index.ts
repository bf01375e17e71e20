export { auditArguments, MAX_ARG_KEYS, MAX_KEY_LENGTH, matchesToolGlob } from './arguments.js';
export { AuditLog, type AuditLogOptions } from './audit-log.js';
export { parseSince } from './since.js';
