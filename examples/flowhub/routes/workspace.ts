import { Hono } from 'hono';
import { type FlowHubEnv, workspaceOf } from './context.js';

/**
 * `/api/workspace`: who the API key belongs to (slug, name, created_at). Not in openapi.yaml on purpose:
 * every documented operation becomes a Portico tool.
 */
export function workspaceRoutes(): Hono<FlowHubEnv> {
  const app = new Hono<FlowHubEnv>();
  app.get('/', (c) => {
    const ws = workspaceOf(c);
    return c.json({ slug: ws.slug, name: ws.name, created_at: ws.created_at });
  });
  return app;
}
