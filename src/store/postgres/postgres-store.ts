import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { PorticoError } from '../../errors/index.js';
import type { Database } from '../schema.js';
import { SqlStore } from '../sql-store.js';
import type { Store } from '../types.js';
import { DEFAULT_POOL_SIZE, type PostgresStoreOptions } from './options.js';
import { checkPostgresUrl, redactUrl } from './url.js';

/**
 * Open the PostgreSQL store at `url` (a `pg` pool of `poolSize` connections), check that the server
 * answers, and apply migrations (Kysely's migrator holds a PostgreSQL advisory lock, so replicas
 * starting together migrate one at a time). A connection lost later is replaced on the next query.
 *
 * Token lookups are not cached on PostgreSQL ({@link Store.tokensStamp} is undefined): every
 * request reads its token with one indexed query, so a revocation committed by any replica or CLI
 * applies to every replica's very next request (docs/decisions.md).
 */
export async function openPostgresStoreNow(opts: PostgresStoreOptions): Promise<Store> {
  checkPostgresUrl(opts.url);
  const poolSize = opts.poolSize ?? DEFAULT_POOL_SIZE;
  if (!Number.isInteger(poolSize) || poolSize < 1) {
    throw new PorticoError(
      'invalid_input',
      `The PostgreSQL pool size must be a whole number ≥ 1; got ${poolSize}. Set store.pool_size.`,
    );
  }
  const onError = opts.onError ?? (() => undefined);
  const base: pg.ClientConfig = {
    connectionString: opts.url,
    application_name: 'portico',
    connectionTimeoutMillis: 5_000,
    ...(opts.schema !== undefined ? { options: `-c search_path=${quoteIdent(opts.schema)}` } : {}),
  };
  const pool = new pg.Pool({ ...base, max: poolSize, idleTimeoutMillis: 30_000 });
  // An idle connection dropped by the server: the pool replaces it on demand.
  pool.on('error', onError);
  let client: pg.PoolClient;
  try {
    client = await pool.connect();
  } catch (err) {
    await pool.end().catch(() => undefined);
    throw new PorticoError(
      'store_error',
      `Cannot connect to PostgreSQL at ${redactUrl(opts.url)}: ${(err as Error).message}. Check that the server is running and reachable, and the URL (PORTICO_DATABASE_URL, --database-url or store.url).`,
      undefined,
      { cause: err },
    );
  }
  try {
    try {
      if (opts.schema !== undefined) await createSchema(client, opts.schema);
    } finally {
      client.release();
    }
  } catch (err) {
    await pool.end().catch(() => undefined);
    throw err;
  }
  const store = new SqlStore(
    'postgres',
    new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }),
    undefined,
    opts.schema,
  );
  try {
    await store.migrate();
  } catch (err) {
    await store.close();
    throw err;
  }
  return store;
}

async function createSchema(client: pg.PoolClient, schema: string): Promise<void> {
  try {
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`);
  } catch (err) {
    // Another replica created it at the same moment.
    if ((err as { code?: string }).code !== '23505') throw err;
  }
}

function quoteIdent(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/i.test(name)) {
    throw new PorticoError(
      'invalid_input',
      `Invalid PostgreSQL schema name "${name}": use letters, digits and _.`,
    );
  }
  return `"${name}"`;
}
