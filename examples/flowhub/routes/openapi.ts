import { readFileSync } from 'node:fs';
import { Hono } from 'hono';
import { parseDocument } from 'yaml';
import { flowhubOpenApiPath } from '../paths.js';

/**
 * `/openapi.json` and `/openapi.yaml`: the OpenAPI document, with `servers` pointing at the origin
 * the request reached (paths already include `/api`).
 */
export function openApiRoutes(): Hono {
  const text = readFileSync(flowhubOpenApiPath, 'utf8');
  const app = new Hono();
  const withServer = (origin: string) => {
    const doc = parseDocument(text);
    doc.set('servers', [{ url: origin, description: 'This FlowHub instance' }]);
    return doc;
  };
  app.get('/openapi.json', (c) => c.json(withServer(new URL(c.req.url).origin).toJS()));
  app.get('/openapi.yaml', (c) => {
    c.header('Content-Type', 'application/yaml; charset=utf-8');
    return c.body(withServer(new URL(c.req.url).origin).toString());
  });
  return app;
}
