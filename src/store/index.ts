export { MIGRATIONS } from './migrations.js';
export { openSqliteStore } from './sqlite/sqlite-store.js';
export type {
  AuditFilter,
  AuditOutcome,
  AuditRow,
  CatalogRevision,
  NewCatalogRevision,
  NewTokenRecord,
  SealedSecret,
  Store,
  StoredAuditRow,
  Tenant,
  TenantSecretInfo,
  TokenRecord,
} from './types.js';
