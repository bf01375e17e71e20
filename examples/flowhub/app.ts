import { Hono } from 'hono';
import { type Clock, createClock } from './clock.js';
import type { FlowHubDb } from './db/index.js';
import { requireWorkspace } from './http/auth.js';
import { ApiError, errorResponse } from './http/errors.js';
import {
  connectorRoutes,
  type FlowHubEnv,
  flowRoutes,
  healthRoutes,
  openApiRoutes,
  runRoutes,
  workspaceRoutes,
} from './routes/index.js';
import { SyncRunner } from './sync.js';

/** Options for {@link createFlowHubApp}. */
export interface FlowHubAppOptions {
  /** The API's notion of the current time (default: real time). Relative `since` windows count back from it. */
  clock?: Clock;
  /** Shortcut for `clock`: a clock that starts at this instant and advances in real time. */
  now?: Date;
  /** Runs manual syncs; pass one to control its lifetime (call `close()`), else one is created. */
  sync?: SyncRunner;
  /** Queued-to-finished duration of a manual sync when `sync` is not given (default 3000 ms). */
  runDurationMs?: number;
}

/**
 * Builds the FlowHub REST API (all JSON, under `/api`, plus `/openapi.json|yaml`) over `db`.
 * Every `/api` request needs a workspace API key (`X-API-Key` or `Authorization: Bearer`) and sees only
 * that workspace's data; the OpenAPI document is public.
 */
export function createFlowHubApp(db: FlowHubDb, opts: FlowHubAppOptions = {}): Hono<FlowHubEnv> {
  const clock = opts.clock ?? createClock(opts.now);
  const sync = opts.sync ?? new SyncRunner(db, { clock, runDurationMs: opts.runDurationMs });
  const ctx = { db, clock, sync };
  const app = new Hono<FlowHubEnv>();
  app.route('/', openApiRoutes());
  app.use('/api/*', requireWorkspace(db)); // also matches `/api` itself
  app.route('/api/workspace', workspaceRoutes());
  app.route('/api/flows', flowRoutes(ctx));
  app.route('/api/runs', runRoutes(ctx));
  app.route('/api/connectors', connectorRoutes(ctx));
  app.route('/api/health', healthRoutes(ctx));
  app.notFound((c) =>
    errorResponse(
      c,
      new ApiError(
        404,
        'not_found',
        `No route for ${c.req.method} ${c.req.path}. See /openapi.json for the API.`,
      ),
    ),
  );
  app.onError((err, c) => errorResponse(c, err));
  return app;
}
