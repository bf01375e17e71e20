import type { Hono } from 'hono';
import { createFlowHubApp } from '../app.js';
import { createClock } from '../clock.js';
import { type FlowHubDb, openFlowHubDb, seedFlowHub } from '../db/index.js';
import { SyncRunner } from '../sync.js';

/** The fixed instant test data is seeded relative to. */
export const NOW = new Date('2024-06-03T12:34:56.000Z');

export interface TestHub {
  db: FlowHubDb;
  app: Hono;
  sync: SyncRunner;
  close(): void;
}

/** A seeded in-memory FlowHub app (seed 42, clock starting at {@link NOW}). */
export function createTestHub(opts: { runDurationMs?: number; seed?: number } = {}): TestHub {
  const db = openFlowHubDb();
  seedFlowHub(db, { seed: opts.seed ?? 42, now: NOW });
  const clock = createClock(NOW);
  const sync = new SyncRunner(db, { clock, runDurationMs: opts.runDurationMs ?? 200 });
  const app = createFlowHubApp(db, { clock, sync });
  return {
    db,
    app,
    sync,
    close() {
      sync.close();
      db.close();
    },
  };
}

/** GETs `path` from the app and returns status and parsed JSON body. */
// biome-ignore lint/suspicious/noExplicitAny: response bodies are checked by the tests' assertions
export async function getJson<T = any>(
  app: Hono,
  path: string,
  init?: RequestInit,
): Promise<{ status: number; body: T }> {
  const res = await app.request(path, init);
  return { status: res.status, body: (await res.json()) as T };
}

/** Polls `read` until `done` holds (fails after `attempts` tries, 25 ms apart). */
export async function pollUntil<T>(
  read: () => Promise<T>,
  done: (v: T) => boolean,
  attempts = 400,
): Promise<T> {
  for (let i = 0; i < attempts; i++) {
    const v = await read();
    if (done(v)) return v;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`condition not met after ${attempts} attempts`);
}

/** Count helper over the raw database. */
export function count(db: FlowHubDb, sql: string, ...args: unknown[]): number {
  return (db.prepare(sql).get(...args) as { n: number }).n;
}
