import type { FlowHubDb, RunStatus } from '../db/index.js';
import { RUN_SELECT, type RunWithFlow, toRun } from './shape.js';

/** Filters for {@link listRuns}. */
export interface RunFilter {
  /** Only runs of this workspace's flows (always applied). */
  workspaceId: number;
  flowId?: number;
  status?: RunStatus;
  /** ISO timestamp; runs queued at or after it. */
  since?: string;
  limit: number;
}

/** Runs matching `filter`, newest first. */
export function listRuns(db: FlowHubDb, filter: RunFilter): ReturnType<typeof toRun>[] {
  const where: string[] = ['f.workspace_id = ?'];
  const args: (string | number)[] = [filter.workspaceId];
  if (filter.flowId !== undefined) {
    where.push('r.flow_id = ?');
    args.push(filter.flowId);
  }
  if (filter.status) {
    where.push('r.status = ?');
    args.push(filter.status);
  }
  if (filter.since) {
    where.push('r.queued_at >= ?');
    args.push(filter.since);
  }
  const sql = `${RUN_SELECT} WHERE ${where.join(' AND ')}
    ORDER BY r.queued_at DESC, r.id DESC LIMIT ?`;
  const rows = db.prepare(sql).all(...args, filter.limit) as RunWithFlow[];
  return rows.map(toRun);
}

interface ClassRow {
  error_class: string;
  count: number;
  runs_affected: number;
  first_seen: string;
  last_seen: string;
}

interface SampleRow {
  run_id: string;
  record_id: string | null;
  message: string;
  payload_excerpt: string;
}

/** Error classes of a flow's errors (the flow is already scoped to the caller's workspace) since `since`, most frequent first, each with its latest sample. */
export function errorSummary(db: FlowHubDb, flowId: number, since: string, top: number) {
  const classes = db
    .prepare(
      `SELECT e.error_class, COUNT(*) AS count, COUNT(DISTINCT e.run_id) AS runs_affected,
         MIN(e.occurred_at) AS first_seen, MAX(e.occurred_at) AS last_seen
       FROM run_errors e JOIN runs r ON r.id = e.run_id
       WHERE r.flow_id = ? AND e.occurred_at >= ?
       GROUP BY e.error_class ORDER BY count DESC, e.error_class LIMIT ?`,
    )
    .all(flowId, since, top) as ClassRow[];
  const sample = db.prepare(
    `SELECT e.run_id, e.record_id, e.message, e.payload_excerpt
     FROM run_errors e JOIN runs r ON r.id = e.run_id
     WHERE r.flow_id = ? AND e.occurred_at >= ? AND e.error_class = ?
     ORDER BY e.occurred_at DESC, e.id DESC LIMIT 1`,
  );
  const totals = db
    .prepare(
      `SELECT COUNT(*) AS runs, COALESCE(SUM(status = 'failed'), 0) AS failed_runs,
         (SELECT COUNT(*) FROM run_errors e JOIN runs r2 ON r2.id = e.run_id
          WHERE r2.flow_id = ? AND e.occurred_at >= ?) AS total_errors
       FROM runs WHERE flow_id = ? AND queued_at >= ?`,
    )
    .get(flowId, since, flowId, since) as { runs: number; failed_runs: number; total_errors: number };
  return {
    total_errors: totals.total_errors,
    runs_in_window: totals.runs,
    failed_runs: totals.failed_runs,
    error_classes: classes.map((c) => {
      const s = sample.get(flowId, since, c.error_class) as SampleRow;
      return {
        ...c,
        sample_message: s.message,
        sample_payload_excerpt: s.payload_excerpt,
        sample_record_id: s.record_id,
        sample_run_id: s.run_id,
      };
    }),
  };
}
