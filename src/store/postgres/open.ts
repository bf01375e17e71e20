import type { Store } from '../types.js';
import type { PostgresStoreOptions } from './postgres-store.js';

/** Default PostgreSQL connections per replica. */
export const DEFAULT_POOL_SIZE = 10;

/**
 * Open the PostgreSQL store (see `postgres-store.ts`). Loaded on demand, so commands on the
 * default SQLite store never load the `pg` driver.
 */
export async function openPostgresStore(opts: PostgresStoreOptions): Promise<Store> {
  const { openPostgresStoreNow } = await import('./postgres-store.js');
  return openPostgresStoreNow(opts);
}
