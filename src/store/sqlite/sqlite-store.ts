import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { PorticoError } from '../../errors/index.js';
import type { Database } from '../schema.js';
import { AUDIT_COLUMNS, toColumns } from '../sql-audit.js';
import { SqlStore } from '../sql-store.js';
import type { AuditRow, Store } from '../types.js';

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
    undefined,
    directAuditAppend(sqlite),
  );
  await store.migrate();
  return store;
}

/**
 * Audit rows written straight through better-sqlite3: one prepared INSERT, in one synchronous
 * transaction, instead of Kysely building, compiling and preparing the statement and running
 * BEGIN/COMMIT asynchronously on every write (with `audit.durability: sync` that is once per call
 * at low concurrency). Synchronous, so it can never interleave with a Kysely transaction on the
 * same connection; while one is open it declines (false) and the Kysely path waits its turn.
 */
function directAuditAppend(sqlite: BetterSqlite3.Database): (rows: AuditRow[]) => boolean {
  let insert: BetterSqlite3.Statement | undefined;
  let appendAll: ((rows: AuditRow[]) => void) | undefined;
  return (rows) => {
    if (sqlite.inTransaction) return false;
    if (insert === undefined || appendAll === undefined) {
      // Prepared on first use: the table exists only after the migrations.
      const stmt = sqlite.prepare(
        `INSERT INTO audit_log (${AUDIT_COLUMNS.join(', ')}) VALUES (${AUDIT_COLUMNS.map((c) => `@${c}`).join(', ')})`,
      );
      insert = stmt;
      appendAll = sqlite.transaction((batch: AuditRow[]) => {
        for (const values of batch.map(toColumns)) stmt.run(values);
      });
    }
    appendAll(rows);
    return true;
  };
}
