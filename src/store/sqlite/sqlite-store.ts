import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { PorticoError } from '../../errors/index.js';
import type { Database } from '../schema.js';
import { SqlStore } from '../sql-store.js';
import type { Store } from '../types.js';

/**
 * Open the SQLite store at `file` (created with its folder if missing; `:memory:` for tests),
 * in WAL mode, and apply migrations.
 */
export async function openSqliteStore(file: string): Promise<Store> {
  let sqlite: BetterSqlite3.Database;
  try {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    sqlite = new BetterSqlite3(file);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('busy_timeout = 5000');
    sqlite.pragma('foreign_keys = ON');
  } catch (err) {
    throw new PorticoError(
      'store_error',
      `Cannot open the SQLite database at ${file}: ${(err as Error).message}. Check that the data dir is writable (--data-dir or PORTICO_DATA_DIR).`,
      undefined,
      { cause: err },
    );
  }
  // Changes whenever another connection (another process: the CLI) commits.
  const dataVersion = sqlite.prepare('PRAGMA data_version').pluck();
  const store = new SqlStore(
    'sqlite',
    new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) }),
    () => dataVersion.get() as number,
  );
  await store.migrate();
  return store;
}
