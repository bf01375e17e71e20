import type { Hono } from 'hono';
import { createFlowHubApp } from '../app.js';
import { createClock } from '../clock.js';
import { type FlowHubDb, type FlowHubWorkspace, openFlowHubDb, seedFlowHub } from '../db/index.js';
import type { FlowHubEnv } from '../routes/index.js';
import { SyncRunner } from '../sync.js';

/** The fixed instant test data is seeded relative to. */
export const NOW = new Date('2024-06-03T12:34:56.000Z');

/** Anything that answers a request for a path (a Hono app, or a {@link Client}). */
export interface Requester {
  request(path: string, init?: RequestInit): Response | Promise<Response>;
}

/** Sends every request with one workspace's API key in `X-API-Key`. */
export interface Client extends Requester {
  workspace: FlowHubWorkspace;
}

export interface TestHub {
  db: FlowHubDb;
  /** The bare app: requests carry no API key. */
  app: Hono<FlowHubEnv>;
  /** The app as the acme workspace (its key in X-API-Key). */
  acme: Client;
  /** The app as the globex workspace. */
  globex: Client;
  workspaces: FlowHubWorkspace[];
  sync: SyncRunner;
  close(): void;
}

/** A client of `app` that sends `key` in `X-API-Key` (unless the request sets its own headers). */
export function withKey(app: Requester, workspace: FlowHubWorkspace): Client {
  return {
    workspace,
    request(path, init = {}) {
      const headers = new Headers(init.headers);
      if (!headers.has('X-API-Key') && !headers.has('Authorization'))
        headers.set('X-API-Key', workspace.apiKey);
      return app.request(path, { ...init, headers });
    },
  };
}

/** A seeded in-memory FlowHub app (seed 42, clock starting at {@link NOW}) with random API keys. */
export function createTestHub(opts: { runDurationMs?: number; seed?: number } = {}): TestHub {
  const db = openFlowHubDb();
  const workspaces = seedFlowHub(db, { seed: opts.seed ?? 42, now: NOW });
  const clock = createClock(NOW);
  const sync = new SyncRunner(db, { clock, runDurationMs: opts.runDurationMs ?? 200 });
  const app = createFlowHubApp(db, { clock, sync });
  const bySlug = (slug: string) => workspaces.find((w) => w.slug === slug)!;
  return {
    db,
    app,
    acme: withKey(app, bySlug('acme')),
    globex: withKey(app, bySlug('globex')),
    workspaces,
    sync,
    close() {
      sync.close();
      db.close();
    },
  };
}

/** Requests `path` and returns status and parsed JSON body. */
// biome-ignore lint/suspicious/noExplicitAny: response bodies are checked by the tests' assertions
export async function getJson<T = any>(
  app: Requester,
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

/** SQL fragment: `runs r JOIN flows f` restricted to acme (workspace id 1); use with alias r. */
export const ACME_RUNS = `runs r JOIN flows f ON f.id = r.flow_id AND f.workspace_id = 1`;
