import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PorticoError } from '../../src/errors/index.js';
import { openPostgresStore } from '../../src/store/index.js';
import { clusterSkipReason, createTestDatabase, type TestDatabase } from '../support/services.js';
import { storeContract } from './contract.js';
import { newToken } from './contract-tenancy.js';

const skip = await clusterSkipReason();
let db: TestDatabase | undefined;
let schemas = 0;

beforeAll(async () => {
  if (skip === undefined) db = await createTestDatabase();
});
afterAll(async () => {
  await db?.drop();
});

describe.skipIf(skip !== undefined)('postgres store', () => {
  // A fresh schema per test inside this run's fresh database.
  storeContract('postgres', () => openPostgresStore({ url: db!.url, schema: `s${++schemas}`, poolSize: 3 }));

  it('migrates safely when several replicas start at once', async () => {
    const schema = `s${++schemas}`;
    const stores = await Promise.all(
      Array.from({ length: 4 }, () => openPostgresStore({ url: db!.url, schema, poolSize: 2 })),
    );
    try {
      await stores[0]!.createTenant({ id: 'acme', name: 'Acme' });
      for (const s of stores) expect((await s.listTenants()).map((t) => t.id)).toEqual(['acme']);
    } finally {
      await Promise.all(stores.map((s) => s.close()));
    }
  });

  it('agrees on one value when replicas set a setting concurrently', async () => {
    const schema = `s${++schemas}`;
    const a = await openPostgresStore({ url: db!.url, schema });
    const b = await openPostgresStore({ url: db!.url, schema });
    try {
      const [x, y] = await Promise.all([
        a.setSettingIfAbsent('k', 'from-a'),
        b.setSettingIfAbsent('k', 'from-b'),
      ]);
      expect(x).toBe(y);
      expect(await a.getSetting('k')).toBe(x);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('offers no tokens stamp, so token lookups are never cached (another replica commits unseen)', async () => {
    const store = await openPostgresStore({ url: db!.url, schema: `s${++schemas}` });
    try {
      expect(store.tokensStamp()).toBeUndefined();
      await store.createTenant({ id: 'acme', name: 'Acme' });
      await store.insertToken(newToken({ id: 'tok_1' }));
      expect(store.tokensStamp()).toBeUndefined();
    } finally {
      await store.close();
    }
  });

  it('refuses a non-PostgreSQL URL and an unreachable server with actionable messages', async () => {
    await expect(openPostgresStore({ url: 'mysql://x@127.0.0.1/db' })).rejects.toThrow(
      /not a PostgreSQL URL.*PORTICO_DATABASE_URL/,
    );
    const err = await openPostgresStore({ url: 'postgres://u:hunter2@127.0.0.1:1/none' }).catch((e) => e);
    expect(err).toBeInstanceOf(PorticoError);
    expect(err.code).toBe('store_error');
    expect(err.message).toMatch(/Cannot connect to PostgreSQL at postgres:\/\/u:\*\*\*@127\.0\.0\.1:1\/none/);
    expect(err.message).not.toContain('hunter2');
  });
});
