import { Hono } from 'hono';
import { ERROR_CLASSES, RUN_STATUSES } from '../db/index.js';
import { parseEnum, parseLimit, parseSince } from '../http/params.js';
import { type FlowHubEnv, type RouteContext, workspaceOf } from './context.js';
import { listRuns } from './run-queries.js';
import { requireFlow, requireRun, toRun } from './shape.js';

/** `/api/runs/...` of the caller's workspace: cross-flow history, run detail, per-record errors. */
export function runRoutes({ db, clock }: RouteContext): Hono<FlowHubEnv> {
  const app = new Hono<FlowHubEnv>();

  app.get('/', (c) => {
    const workspaceId = workspaceOf(c).id;
    const flowName = c.req.query('flow') || undefined;
    const flowId = flowName ? requireFlow(db, workspaceId, flowName).id : undefined;
    const status = parseEnum(c.req.query('status'), 'status', RUN_STATUSES);
    const since = parseSince(c.req.query('since'), clock());
    const limit = parseLimit(c.req.query('limit'), 20, 200);
    return c.json({ runs: listRuns(db, { workspaceId, flowId, status, since, limit }) });
  });

  app.get('/:run_id', (c) => {
    const run = requireRun(db, workspaceOf(c).id, c.req.param('run_id'));
    const breakdown = db
      .prepare(
        `SELECT error_class, COUNT(*) AS count FROM run_errors WHERE run_id = ?
         GROUP BY error_class ORDER BY count DESC, error_class`,
      )
      .all(run.id);
    const flow = db
      .prepare(
        'SELECT source_connector AS source, destination_connector AS destination FROM flows WHERE id = ?',
      )
      .get(run.flow_id) as { source: string; destination: string };
    return c.json({ ...toRun(run), ...flow, error_classes: breakdown });
  });

  app.get('/:run_id/errors', (c) => {
    const run = requireRun(db, workspaceOf(c).id, c.req.param('run_id'));
    const errorClass = parseEnum(c.req.query('error_class'), 'error_class', ERROR_CLASSES);
    const limit = parseLimit(c.req.query('limit'), 50, 500);
    const filter = errorClass ? 'AND error_class = ?' : '';
    const args = errorClass ? [run.id, errorClass] : [run.id];
    const total = db
      .prepare(`SELECT COUNT(*) AS n FROM run_errors WHERE run_id = ? ${filter}`)
      .get(...args) as {
      n: number;
    };
    const errors = db
      .prepare(
        `SELECT id, error_class, message, record_id, payload_excerpt, occurred_at FROM run_errors
         WHERE run_id = ? ${filter} ORDER BY occurred_at, id LIMIT ?`,
      )
      .all(...args, limit);
    return c.json({ run_id: run.id, flow: run.flow, status: run.status, total: total.n, errors });
  });

  return app;
}
