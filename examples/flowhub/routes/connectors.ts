import { Hono } from 'hono';
import type { ConnectorRow } from '../db/index.js';
import { type FlowHubEnv, type RouteContext, workspaceOf } from './context.js';
import { toConnector } from './shape.js';

/** Loads every connector of the workspace with its health, ordered by name. */
export function connectorHealth(ctx: Pick<RouteContext, 'db'>, workspaceId: number) {
  const rows = ctx.db
    .prepare(
      `SELECT c.*, (SELECT COUNT(*) FROM flows f WHERE f.workspace_id = c.workspace_id
         AND (f.source_connector = c.name OR f.destination_connector = c.name)) AS flow_count
       FROM connectors c WHERE c.workspace_id = ? ORDER BY c.name`,
    )
    .all(workspaceId) as (ConnectorRow & { flow_count: number })[];
  return rows.map((r) => toConnector(r, r.flow_count));
}

/** `/api/connectors`: the caller's workspace's connectors with auth, quota and degraded flag. */
export function connectorRoutes(ctx: RouteContext): Hono<FlowHubEnv> {
  const app = new Hono<FlowHubEnv>();
  app.get('/', (c) => c.json({ connectors: connectorHealth(ctx, workspaceOf(c).id) }));
  return app;
}
