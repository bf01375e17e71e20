import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../src/store/index.js';
import { type KillTarget, killUnderLoad } from '../support/audit-kill.js';
import { type FaultUpstream, startFaultUpstream } from '../support/fault-upstream.js';

/**
 * kill -9 a real `portico serve` under load and count acknowledged calls against audit rows
 * (issue 11, point 5), on the SQLite store (PostgreSQL: test/cluster/audit-kill.test.ts). Needs
 * `dist/` (node scripts/build.mjs).
 */
const sqlite: KillTarget = { env: {}, open: (dataDir) => openSqliteStore(join(dataDir, 'portico.db')) };

describe('audit durability across kill -9 under load (real process)', () => {
  let upstream: FaultUpstream;
  beforeAll(async () => {
    upstream = await startFaultUpstream();
  });
  afterAll(async () => {
    await upstream.close();
  });

  it('sync: no acknowledged call loses its row', async () => {
    const r = await killUnderLoad('sync', upstream.url, sqlite);
    console.info(`audit sync, kill -9: ${JSON.stringify(r)}`);
    expect(r.acknowledged).toBeGreaterThanOrEqual(150);
    expect(r.missing).toBe(0);
  }, 60_000);

  it('batched: only calls acknowledged within the last flush window lose their row', async () => {
    const r = await killUnderLoad('batched', upstream.url, sqlite);
    console.info(`audit batched, kill -9: ${JSON.stringify(r)}`);
    expect(r.acknowledged).toBeGreaterThanOrEqual(150);
    // Rows are written every 200 ms: what is lost was acknowledged just before the kill
    // (the bound allows for a busy machine delaying the flush timer).
    expect(r.oldestMissingMs).toBeLessThan(1_500);
  }, 60_000);
});
