export { MIGRATIONS } from './migrations.js';
export { openSqliteStore } from './sqlite/sqlite-store.js';
export type { CatalogRevision, NewCatalogRevision, Store } from './types.js';
