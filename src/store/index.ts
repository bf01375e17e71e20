export { MIGRATIONS } from './migrations.js';
export { DEFAULT_POOL_SIZE, openPostgresStore } from './postgres/open.js';
export type { PostgresStoreOptions } from './postgres/options.js';
export { redactUrl } from './postgres/url.js';
export { openSqliteStore } from './sqlite/sqlite-store.js';
export type {
  AuditFilter,
  AuditOutcome,
  AuditRow,
  CatalogRevision,
  ConsumeResult,
  NewCatalogRevision,
  NewOAuthGrant,
  NewOAuthUser,
  NewTokenRecord,
  OAuthClientRecord,
  OAuthCodeRecord,
  OAuthGrant,
  OAuthRefreshRecord,
  OAuthStore,
  OAuthUser,
  SealedSecret,
  Store,
  StoredAuditRow,
  Tenant,
  TenantSecretInfo,
  TokenRecord,
  UserRole,
} from './types.js';
export { USER_ROLES } from './types.js';
