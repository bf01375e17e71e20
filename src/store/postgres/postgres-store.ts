import { randomBytes } from 'node:crypto';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { PorticoError } from '../../errors/index.js';
import type { Database } from '../schema.js';
import { SqlStore } from '../sql-store.js';
import type { NewTokenRecord, Store, TokenRecord } from '../types.js';
import { DEFAULT_POOL_SIZE } from './open.js';
import { TOKENS_CHANNEL, TokenChanges } from './token-changes.js';
import { checkPostgresUrl, redactUrl } from './url.js';

/** Options of {@link openPostgresStore}. */
export interface PostgresStoreOptions {
  /** `postgres://user:password@host:5432/database`. */
  url: string;
  /** Connections in the pool (default {@link DEFAULT_POOL_SIZE}). */
  poolSize?: number;
  /** Use this schema (created if missing) instead of the user's default `search_path` (tests). */
  schema?: string;
  /** Called with connection errors the pool and listener recover from (for logging). */
  onError?: (err: unknown) => void;
}

/** The SQL store on PostgreSQL: token changes are announced with NOTIFY and heard with LISTEN. */
class PostgresStore extends SqlStore {
  private localWrites = 0;

  constructor(
    db: Kysely<Database>,
    private readonly changes: TokenChanges,
    schema: string | undefined,
  ) {
    super('postgres', db, undefined, schema);
  }

  override tokensStamp(): string | undefined {
    const version = this.changes.version();
    return version === undefined ? undefined : `${version}:${this.localWrites}`;
  }

  /** One event-loop turn: notification bytes already on the LISTEN socket are handled first. */
  tokensSettled(): Promise<void> {
    return new Promise((resolve) => setImmediate(resolve));
  }

  override async insertToken(t: NewTokenRecord): Promise<TokenRecord> {
    const token = await super.insertToken(t);
    await this.announce();
    return token;
  }

  override async revokeToken(id: string, at: Date): Promise<TokenRecord | undefined> {
    const token = await super.revokeToken(id, at);
    await this.announce();
    return token;
  }

  /**
   * NOTIFY every replica, and wait (up to 1 s) until the notification is back on this store's own
   * listener: PostgreSQL forwards it to every listener asynchronously, so waiting lets the others
   * receive it before this revocation is acknowledged.
   */
  private async announce(): Promise<void> {
    this.localWrites++;
    const id = randomBytes(8).toString('hex');
    const echoed = this.changes.echo(id, 1_000);
    await sql`select pg_notify(${TOKENS_CHANNEL}, ${id})`.execute(this.db);
    await echoed;
  }

  override async close(): Promise<void> {
    await this.changes.close();
    await super.close();
  }
}

/**
 * Open the PostgreSQL store at `url` (a `pg` pool of `poolSize` connections), check that the server
 * answers, and apply migrations (Kysely's migrator holds a PostgreSQL advisory lock, so replicas
 * starting together migrate one at a time). A connection lost later is replaced on the next query.
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
  const changes = new TokenChanges(base, onError);
  const store = new PostgresStore(
    new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }),
    changes,
    opts.schema,
  );
  try {
    await store.migrate();
    await changes.start();
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
