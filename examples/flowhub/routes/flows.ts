import { type Context, Hono } from 'hono';
import { FLOW_STATUSES, type FlowRow, RUN_STATUSES } from '../db/index.js';
import { ApiError, invalidParam } from '../http/errors.js';
import { parseEnum, parseLimit, parseSince } from '../http/params.js';
import { type FlowHubEnv, type RouteContext, workspaceOf } from './context.js';
import { errorSummary, listRuns } from './run-queries.js';
import { lastRunOf, requireFlow, toFlow } from './shape.js';

/** `/api/flows/...` of the caller's workspace: list, detail, mappings, runs, error summary, manual sync. */
export function flowRoutes({ db, clock, sync }: RouteContext): Hono<FlowHubEnv> {
  const app = new Hono<FlowHubEnv>();
  const flowOf = (c: Context<FlowHubEnv>) => requireFlow(db, workspaceOf(c).id, c.req.param('flow')!);

  app.get('/', (c) => {
    const ws = workspaceOf(c).id;
    const status = parseEnum(c.req.query('status'), 'status', FLOW_STATUSES);
    const connector = c.req.query('connector') || undefined;
    const limit = parseLimit(c.req.query('limit'), 50, 200);
    if (
      connector &&
      !db.prepare('SELECT 1 FROM connectors WHERE workspace_id = ? AND name = ?').get(ws, connector)
    ) {
      const names = (
        db.prepare('SELECT name FROM connectors WHERE workspace_id = ? ORDER BY name').all(ws) as {
          name: string;
        }[]
      ).map((r) => r.name);
      throw invalidParam(
        'connector',
        `unknown connector '${connector}'; known connectors: ${names.join(', ')}`,
      );
    }
    const where: string[] = ['workspace_id = ?'];
    const args: (string | number)[] = [ws];
    if (status) {
      where.push('status = ?');
      args.push(status);
    }
    if (connector) {
      where.push('(source_connector = ? OR destination_connector = ?)');
      args.push(connector, connector);
    }
    const rows = db
      .prepare(`SELECT * FROM flows WHERE ${where.join(' AND ')} ORDER BY name LIMIT ?`)
      .all(...args, limit) as FlowRow[];
    return c.json({ flows: rows.map((f) => ({ ...toFlow(f), last_run: lastRunOf(db, f.id) })) });
  });

  app.get('/:flow', (c) => {
    const f = flowOf(c);
    const since = new Date(clock().getTime() - 86_400_000).toISOString();
    const stats = db
      .prepare(
        `SELECT COUNT(*) AS runs, COALESCE(SUM(status = 'success'), 0) AS success,
           COALESCE(SUM(status = 'failed'), 0) AS failed, COALESCE(SUM(records_processed), 0) AS records_processed,
           COALESCE(SUM(records_failed), 0) AS records_failed
         FROM runs WHERE flow_id = ? AND queued_at >= ?`,
      )
      .get(f.id, since);
    const mappings = db.prepare('SELECT COUNT(*) AS n FROM field_mappings WHERE flow_id = ?').get(f.id) as {
      n: number;
    };
    return c.json({
      ...toFlow(f),
      mapping_count: mappings.n,
      last_run: lastRunOf(db, f.id),
      last_24h: stats,
    });
  });

  app.get('/:flow/mappings', (c) => {
    const f = flowOf(c);
    const mappings = db
      .prepare(
        `SELECT position, source_field, destination_field, transform, filter, validation
         FROM field_mappings WHERE flow_id = ? ORDER BY position`,
      )
      .all(f.id);
    return c.json({
      flow: f.name,
      source: f.source_connector,
      destination: f.destination_connector,
      mappings,
    });
  });

  app.get('/:flow/runs', (c) => {
    const f = flowOf(c);
    const status = parseEnum(c.req.query('status'), 'status', RUN_STATUSES);
    const since = parseSince(c.req.query('since'), clock());
    const limit = parseLimit(c.req.query('limit'), 20, 200);
    return c.json({
      flow: f.name,
      runs: listRuns(db, { workspaceId: f.workspace_id, flowId: f.id, status, since, limit }),
    });
  });

  app.get('/:flow/error-summary', (c) => {
    const f = flowOf(c);
    const since = parseSince(c.req.query('since'), clock(), '7d')!;
    const top = parseLimit(c.req.query('top'), 5, 20, 'top');
    return c.json({ flow: f.name, since, ...errorSummary(db, f.id, since, top) });
  });

  app.post('/:flow/sync', (c) => {
    const f = flowOf(c);
    if (f.status === 'paused') {
      throw new ApiError(
        409,
        'conflict',
        `Flow '${f.name}' is paused; a paused flow cannot be synced. Resume it in FlowHub first.`,
      );
    }
    return c.json(sync.trigger(f), 202);
  });

  return app;
}
