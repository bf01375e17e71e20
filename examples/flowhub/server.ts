import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createFlowHubApp } from './app.js';
import { createClock } from './clock.js';
import {
  type FlowHubApiKeys,
  type FlowHubDb,
  type FlowHubWorkspace,
  issueApiKeys,
  openFlowHubDb,
  seedFlowHub,
} from './db/index.js';
import { SyncRunner } from './sync.js';

/** Options for {@link startFlowHub}. */
export interface StartFlowHubOptions {
  /** Interface to listen on (default 127.0.0.1). */
  host?: string;
  /** Port (default 0: a free port). */
  port?: number;
  /**
   * SQLite file; default in-memory. An existing, already seeded file is not re-seeded, but its API keys
   * are re-issued (only hashes are stored): pass `apiKeys` to keep them stable across restarts.
   */
  dbPath?: string;
  /** Seed for the deterministic demo data (default 42). */
  seed?: number;
  /** The instant the seeded story is relative to; the API clock starts there (default: now). */
  now?: Date;
  /** Queued-to-finished duration of a manual sync (default 3000 ms). */
  runDurationMs?: number;
  /** Fixed API keys per workspace (`{ acme?, globex? }`); the others get a random `fh_…` key. */
  apiKeys?: FlowHubApiKeys;
}

/** A running FlowHub server. */
export interface RunningFlowHub {
  /** Base URL, e.g. `http://127.0.0.1:54321` (the API lives under `/api`). */
  url: string;
  port: number;
  db: FlowHubDb;
  /** The workspaces (acme, globex) with their API keys, to send as `X-API-Key`. */
  workspaces: FlowHubWorkspace[];
  /** Stops sync timers, closes the HTTP server and the database. */
  close(): Promise<void>;
}

/** Opens and seeds the database (or re-issues the API keys of a seeded file), then serves FlowHub over HTTP. */
export async function startFlowHub(opts: StartFlowHubOptions = {}): Promise<RunningFlowHub> {
  const host = opts.host ?? '127.0.0.1';
  const db = openFlowHubDb(opts.dbPath);
  const now = opts.now ?? new Date();
  let workspaces: FlowHubWorkspace[];
  try {
    const seeded = db.prepare('SELECT COUNT(*) AS n FROM workspaces').get() as { n: number };
    workspaces =
      seeded.n === 0
        ? seedFlowHub(db, { seed: opts.seed, now, apiKeys: opts.apiKeys })
        : issueApiKeys(db, opts.apiKeys);
  } catch (err) {
    db.close();
    throw err;
  }
  const clock = createClock(now);
  const sync = new SyncRunner(db, { clock, runDurationMs: opts.runDurationMs });
  const app = createFlowHubApp(db, { clock, sync });
  let server: Server;
  const port = await new Promise<number>((resolve, reject) => {
    server = serve({ fetch: app.fetch, hostname: host, port: opts.port ?? 0 }, (info: AddressInfo) =>
      resolve(info.port),
    ) as Server;
    server.once('error', reject);
  }).catch((err: unknown) => {
    sync.close();
    db.close();
    throw err;
  });
  const urlHost = host.includes(':') ? `[${host}]` : host;
  let closed = false;
  return {
    url: `http://${urlHost}:${port}`,
    port,
    db,
    workspaces,
    async close() {
      if (closed) return;
      closed = true;
      sync.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      db.close();
    },
  };
}
