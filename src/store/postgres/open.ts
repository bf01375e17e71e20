import type { Store } from '../types.js';
import type { PostgresStoreOptions } from './options.js';

export { DEFAULT_POOL_SIZE, type PostgresStoreOptions } from './options.js';

/**
 * Open the PostgreSQL store (see `postgres-store.ts`). Loaded on demand, so commands on the
 * default SQLite store never load the `pg` driver.
 */
export async function openPostgresStore(opts: PostgresStoreOptions): Promise<Store> {
  const { openPostgresStoreNow } = await import('./postgres-store.js');
  return openPostgresStoreNow(opts);
}
