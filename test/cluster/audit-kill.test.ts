import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgresStore } from '../../src/store/index.js';
import { type KillTarget, killUnderLoad } from '../support/audit-kill.js';
import { type FaultUpstream, startFaultUpstream } from '../support/fault-upstream.js';
import { clusterSkipReason, createTestDatabase, type TestDatabase } from '../support/services.js';

/**
 * kill -9 a real `portico serve` on PostgreSQL under load and count acknowledged calls against the
 * audit rows in PostgreSQL (issue 15, point 6; SQLite: test/hostile/audit-kill.test.ts). Needs
 * `dist/`.
 */
const skip = await clusterSkipReason();

describe.skipIf(skip !== undefined)('audit durability on PostgreSQL across kill -9 under load', () => {
  let upstream: FaultUpstream;
  const dbs: TestDatabase[] = [];
  beforeAll(async () => {
    upstream = await startFaultUpstream();
  });
  afterAll(async () => {
    await upstream?.close();
    for (const db of dbs) await db.drop();
  });
  const postgres = async (): Promise<KillTarget> => {
    const db = await createTestDatabase();
    dbs.push(db);
    return {
      env: { PORTICO_DATABASE_URL: db.url, PORTICO_SECRET_KEY: randomBytes(32).toString('base64') },
      open: () => openPostgresStore({ url: db.url, poolSize: 2 }),
    };
  };

  it('sync: no acknowledged call loses its row', async () => {
    const r = await killUnderLoad('sync', upstream.url, await postgres());
    console.info(`audit sync on PostgreSQL, kill -9: ${JSON.stringify(r)}`);
    expect(r.acknowledged).toBeGreaterThanOrEqual(150);
    expect(r.missing).toBe(0);
  }, 90_000);

  it('batched: only calls acknowledged within the last flush window (200 ms) lose their row', async () => {
    const r = await killUnderLoad('batched', upstream.url, await postgres());
    console.info(`audit batched on PostgreSQL, kill -9: ${JSON.stringify(r)}`);
    expect(r.acknowledged).toBeGreaterThanOrEqual(150);
    // The bound allows for a busy machine delaying the flush timer, as on SQLite.
    expect(r.oldestMissingMs).toBeLessThan(1_500);
  }, 90_000);
});
