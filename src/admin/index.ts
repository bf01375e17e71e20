export { ADMIN_REALM, type AdminApiOptions, createAdminApi } from './api.js';
export { MAX_ADMIN_BODY_BYTES } from './body.js';
export { type AdminErrorBody, adminError } from './errors.js';
export { AUDIT_OUTCOMES } from './schemas.js';
export {
  type AuditRowJson,
  auditRowJson,
  type TenantJson,
  type TenantSecretJson,
  type TokenJson,
  type TokenStatus,
  tenantJson,
  tenantSecretJson,
  tokenJson,
  tokenStatus,
} from './serialize.js';
