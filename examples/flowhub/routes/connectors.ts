import { Hono } from 'hono';
import type { ConnectorRow } from '../db/index.js';
import type { RouteContext } from './context.js';
import { toConnector } from './shape.js';

/** Loads every connector with its health, ordered by name. */
export function connectorHealth(ctx: Pick<RouteContext, 'db'>) {
  const rows = ctx.db
    .prepare(
      `SELECT c.*, (SELECT COUNT(*) FROM flows f
         WHERE f.source_connector = c.name OR f.destination_connector = c.name) AS flow_count
       FROM connectors c ORDER BY c.name`,
    )
    .all() as (ConnectorRow & { flow_count: number })[];
  return rows.map((r) => toConnector(r, r.flow_count));
}

/** `/api/connectors`: connectors with auth, quota and degraded flag. */
export function connectorRoutes(ctx: RouteContext): Hono {
  const app = new Hono();
  app.get('/', (c) => c.json({ connectors: connectorHealth(ctx) }));
  return app;
}
