import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import pg from 'pg';

/**
 * The PostgreSQL and Redis the cluster tests use: `PORTICO_TEST_PG_URL` (a database the tests may
 * create databases from; default the machine's `postgres://postgres@127.0.0.1:5432/test`) and
 * `PORTICO_TEST_REDIS_URL` (default `redis://127.0.0.1:6379`).
 */
export const TEST_PG_URL = process.env.PORTICO_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const TEST_REDIS_URL = process.env.PORTICO_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

function reachable(url: string, defaultPort: number): Promise<boolean> {
  const u = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: u.hostname, port: Number(u.port || defaultPort) });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1_000, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

let warned = false;

/**
 * Why the PostgreSQL/Redis tests are skipped here, or undefined when both answer. Under `CI`
 * nothing is skipped: the tests run and fail, since CI provides both services.
 */
export async function clusterSkipReason(): Promise<string | undefined> {
  if (process.env.CI) return undefined;
  const [pgUp, redisUp] = await Promise.all([reachable(TEST_PG_URL, 5432), reachable(TEST_REDIS_URL, 6379)]);
  if (pgUp && redisUp) return undefined;
  const missing = [
    pgUp ? undefined : `PostgreSQL (${TEST_PG_URL})`,
    redisUp ? undefined : `Redis (${TEST_REDIS_URL})`,
  ]
    .filter((m) => m !== undefined)
    .join(' and ');
  const reason = `PostgreSQL/Redis tests skipped: ${missing} not reachable — start them, or set PORTICO_TEST_PG_URL / PORTICO_TEST_REDIS_URL`;
  if (!warned) {
    warned = true;
    console.warn(reason);
  }
  return reason;
}

/** A fresh, uniquely named database for one test run, dropped by {@link TestDatabase.drop}. */
export interface TestDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/** Create `portico_test_<random>` next to {@link TEST_PG_URL}'s database. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `portico_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: TEST_PG_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(TEST_PG_URL);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: TEST_PG_URL });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}

/** A unique Redis key prefix for one test run. */
export function redisTestPrefix(): string {
  return `portico_test_${randomBytes(6).toString('hex')}:`;
}
