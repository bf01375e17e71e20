import { join } from 'node:path';
import { PorticoError } from '../errors/index.js';
import type { Logger } from '../observability/index.js';
import { verifySecretKey } from '../secrets/index.js';
import type { PorticoConfig } from '../spec/index.js';
import { openPostgresStore, openSqliteStore, redactUrl, type Store } from '../store/index.js';

/** Where the store is: `PORTICO_DATABASE_URL`/`--database-url`/`store.url`, else the data dir's SQLite file. */
export interface StoreChoice {
  /** `postgres://…`; undefined = `<dataDir>/portico.db`. */
  databaseUrl?: string;
  /** PostgreSQL pool size (`store.pool_size`). */
  poolSize?: number;
  dataDir: string;
}

/** Flag first, then `PORTICO_DATABASE_URL`, then the config's `store.url`. */
export function chooseStore(
  dataDir: string,
  flag: string | undefined,
  env: Record<string, string | undefined>,
  config?: Pick<PorticoConfig, 'store'>,
): StoreChoice {
  const url = nonEmpty(flag) ?? nonEmpty(env.PORTICO_DATABASE_URL) ?? config?.store?.url;
  const poolSize = config?.store?.poolSize;
  return {
    dataDir,
    ...(url !== undefined ? { databaseUrl: url } : {}),
    ...(poolSize !== undefined ? { poolSize } : {}),
  };
}

/**
 * A shared (PostgreSQL) store needs `PORTICO_SECRET_KEY`: a key file in one machine's data dir
 * cannot be the same on every replica and CLI. Checked before any key file is created.
 */
export function requireSharedKey(choice: StoreChoice, env: Record<string, string | undefined>): void {
  if (choice.databaseUrl === undefined || nonEmpty(env.PORTICO_SECRET_KEY) !== undefined) return;
  throw new PorticoError(
    'secret_key_invalid',
    'A PostgreSQL store is shared by every replica and CLI, so they need one secret key: set PORTICO_SECRET_KEY (32 bytes as base64 or 64 hex characters, e.g. from `openssl rand -base64 32`) to the same value everywhere.',
  );
}

/** Open the chosen store (migrated). A PostgreSQL store is shared, so the secret key is checked against it. */
export async function openChosenStore(
  choice: StoreChoice,
  secret: { key: Buffer; source: 'env' | 'file' },
  logger: Logger,
): Promise<Store> {
  if (choice.databaseUrl === undefined) return openSqliteStore(join(choice.dataDir, 'portico.db'));
  const url = choice.databaseUrl;
  const store = await openPostgresStore({
    url,
    ...(choice.poolSize !== undefined ? { poolSize: choice.poolSize } : {}),
    onError: (err) =>
      logger.warn({ err: { message: (err as Error).message } }, 'PostgreSQL connection lost; reconnecting'),
  });
  try {
    await verifySecretKey(store, secret.key, secret.source);
  } catch (err) {
    await store.close();
    throw err;
  }
  logger.debug({ database: redactUrl(url) }, 'store: PostgreSQL');
  return store;
}

function nonEmpty(v: string | undefined): string | undefined {
  return v === undefined || v.trim() === '' ? undefined : v.trim();
}
