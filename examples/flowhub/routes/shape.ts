import type { ConnectorRow, FlowHubDb, FlowRow, RunRow } from '../db/index.js';
import { QUOTA_DEGRADED_PERCENT } from '../db/index.js';
import { flowNotFound, runNotFound } from '../http/errors.js';

/** SELECT list for runs joined with their flow name and retained error count (alias r, f). */
export const RUN_SELECT = `SELECT r.*, f.name AS flow,
  (SELECT COUNT(*) FROM run_errors e WHERE e.run_id = r.id) AS error_count
  FROM runs r JOIN flows f ON f.id = r.flow_id`;

/** A run row as selected by {@link RUN_SELECT}. */
export type RunWithFlow = RunRow & { flow: string; error_count: number };

/** The public JSON shape of a run. */
export function toRun(r: RunWithFlow) {
  const end = r.finished_at ?? null;
  return {
    id: r.id,
    flow: r.flow,
    status: r.status,
    trigger: r.trigger,
    queued_at: r.queued_at,
    started_at: r.started_at,
    finished_at: r.finished_at,
    duration_ms: r.started_at && end ? Date.parse(end) - Date.parse(r.started_at) : null,
    records_processed: r.records_processed,
    records_failed: r.records_failed,
    error_count: r.error_count,
    error_class: r.error_class,
    error_message: r.error_message,
  };
}

/** The public JSON shape of a flow (without last run). */
export function toFlow(f: FlowRow) {
  return {
    name: f.name,
    description: f.description,
    status: f.status,
    source: f.source_connector,
    destination: f.destination_connector,
    schedule: f.schedule,
    owner: f.owner,
    created_at: f.created_at,
    last_run_at: f.last_run_at,
  };
}

/** Why a connector is degraded (empty when healthy). */
export function degradedReasons(c: ConnectorRow): string[] {
  const reasons: string[] = [];
  if (c.auth_status !== 'ok') reasons.push(`auth ${c.auth_status}`);
  const pct = quotaPercent(c);
  if (pct >= QUOTA_DEGRADED_PERCENT) reasons.push(`quota at ${pct}% of ${c.quota_limit}`);
  return reasons;
}

function quotaPercent(c: ConnectorRow): number {
  return c.quota_limit > 0 ? Math.round((c.quota_used / c.quota_limit) * 1000) / 10 : 0;
}

/** The public JSON shape of a connector with its health. */
export function toConnector(c: ConnectorRow, flowCount: number) {
  const reasons = degradedReasons(c);
  return {
    name: c.name,
    display_name: c.display_name,
    category: c.category,
    auth_status: c.auth_status,
    auth_expires_at: c.auth_expires_at,
    quota: {
      used: c.quota_used,
      limit: c.quota_limit,
      percent: quotaPercent(c),
      resets_at: c.quota_resets_at,
    },
    last_poll_at: c.last_poll_at,
    last_error: c.last_error,
    degraded: reasons.length > 0,
    degraded_reasons: reasons,
    flow_count: flowCount,
  };
}

/** Loads a flow of the workspace by name or throws a 404 naming it (another workspace's flow is not found). */
export function requireFlow(db: FlowHubDb, workspaceId: number, name: string): FlowRow {
  const row = db.prepare('SELECT * FROM flows WHERE workspace_id = ? AND name = ?').get(workspaceId, name) as
    | FlowRow
    | undefined;
  if (!row) throw flowNotFound(name);
  return row;
}

/** Loads a run of the workspace by id or throws a 404 naming it (another workspace's run is not found). */
export function requireRun(db: FlowHubDb, workspaceId: number, id: string): RunWithFlow {
  const row = db.prepare(`${RUN_SELECT} WHERE r.id = ? AND f.workspace_id = ?`).get(id, workspaceId) as
    | RunWithFlow
    | undefined;
  if (!row) throw runNotFound(id);
  return row;
}

/** The newest run of a flow, or null. */
export function lastRunOf(db: FlowHubDb, flowId: number): ReturnType<typeof toRun> | null {
  const row = db
    .prepare(`${RUN_SELECT} WHERE r.flow_id = ? ORDER BY r.queued_at DESC, r.id DESC LIMIT 1`)
    .get(flowId) as RunWithFlow | undefined;
  return row ? toRun(row) : null;
}
