import { Hono } from 'hono';
import { connectorHealth } from './connectors.js';
import { type FlowHubEnv, type RouteContext, workspaceOf } from './context.js';

interface FailingRow {
  name: string;
  id: number;
  source_connector: string;
  destination_connector: string;
}

/** Computes the aggregate health of one workspace at the clock's current time. */
export function systemHealth(ctx: Pick<RouteContext, 'db' | 'clock'>, workspaceId: number) {
  const { db, clock } = ctx;
  const now = clock();
  const since = new Date(now.getTime() - 86_400_000).toISOString();
  const failing = db
    .prepare(
      `SELECT id, name, source_connector, destination_connector FROM flows
       WHERE workspace_id = ? AND status = 'failing' ORDER BY name`,
    )
    .all(workspaceId) as FailingRow[];
  const latestFailure = db.prepare(
    `SELECT id AS run_id, error_class, error_message, queued_at FROM runs
     WHERE flow_id = ? AND status = 'failed' ORDER BY queued_at DESC LIMIT 1`,
  );
  const failingSince = db.prepare(
    `SELECT MIN(queued_at) AS since FROM runs WHERE flow_id = ? AND status = 'failed' AND queued_at >
       COALESCE((SELECT MAX(queued_at) FROM runs WHERE flow_id = ? AND status = 'success'), '')`,
  );
  const failingFlows = failing.map((f) => {
    const last = latestFailure.get(f.id) as Record<string, string> | undefined;
    const streak = failingSince.get(f.id, f.id) as { since: string | null };
    return {
      name: f.name,
      source: f.source_connector,
      destination: f.destination_connector,
      failing_since: streak.since,
      last_error_class: last?.error_class ?? null,
      last_error_message: last?.error_message ?? null,
      last_failed_run_id: last?.run_id ?? null,
    };
  });
  const degraded = connectorHealth(ctx, workspaceId)
    .filter((c) => c.degraded)
    .map((c) => ({ name: c.name, reasons: c.degraded_reasons, auth_status: c.auth_status, quota: c.quota }));
  const queue = db
    .prepare(
      `SELECT COALESCE(SUM(r.status = 'queued'), 0) AS queued, COALESCE(SUM(r.status = 'running'), 0) AS running
       FROM runs r JOIN flows f ON f.id = r.flow_id WHERE f.workspace_id = ? AND r.status IN ('queued', 'running')`,
    )
    .get(workspaceId) as { queued: number; running: number };
  const day = db
    .prepare(
      `SELECT COUNT(*) AS runs, COALESCE(SUM(r.status = 'success'), 0) AS success,
         COALESCE(SUM(r.status = 'failed'), 0) AS failed,
         COALESCE(SUM(r.status IN ('queued', 'running')), 0) AS in_progress,
         COALESCE(SUM(r.records_processed), 0) AS records_processed,
         COALESCE(SUM(r.records_failed), 0) AS records_failed
       FROM runs r JOIN flows f ON f.id = r.flow_id WHERE f.workspace_id = ? AND r.queued_at >= ?`,
    )
    .get(workspaceId, since) as { runs: number; success: number; failed: number };
  const finished = day.success + day.failed;
  return {
    status: failingFlows.length > 0 || degraded.length > 0 ? 'degraded' : 'ok',
    generated_at: now.toISOString(),
    failing_flows: failingFlows,
    degraded_connectors: degraded,
    queue_depth: { queued: queue.queued, running: queue.running, total: queue.queued + queue.running },
    last_24h: { ...day, error_rate: finished > 0 ? Math.round((day.failed / finished) * 1000) / 1000 : 0 },
  };
}

/** `/api/health`: the caller's workspace's failing flows, degraded connectors, queue depth, 24 h error rate. */
export function healthRoutes(ctx: RouteContext): Hono<FlowHubEnv> {
  const app = new Hono<FlowHubEnv>();
  app.get('/', (c) => c.json(systemHealth(ctx, workspaceOf(c).id)));
  return app;
}
