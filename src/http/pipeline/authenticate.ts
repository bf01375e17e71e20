import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { Gateway } from '../../gateway/index.js';
import { DEFAULT_VIEW } from '../../spec/index.js';
import { jsonRpcErrorResponse } from '../jsonrpc-error.js';
import { authenticateRequest, type EdgeSecurity } from '../security.js';
import type { EdgeEnv } from './env.js';

/** 404 naming the endpoints this gateway serves. */
function unknownView(c: Context, gateway: Gateway, view: string): Response {
  return jsonRpcErrorResponse(
    c,
    'unknown_view',
    `No view "${view}": this gateway serves ${gateway
      .viewNames()
      .map((v) => (v === DEFAULT_VIEW ? '/mcp' : `/mcp/${v}`))
      .join(', ')}.`,
  );
}

/**
 * The view of the path (404 for an unknown one) and the caller (401/403/429 from
 * {@link authenticateRequest}) → `view`, `principal`.
 */
export function authenticate(gateway: Gateway, security: EdgeSecurity) {
  return createMiddleware<EdgeEnv>(async (c, next) => {
    const view = c.req.param('view') ?? DEFAULT_VIEW;
    if (gateway.view(view) === undefined) return unknownView(c, gateway, view);
    const principal = await authenticateRequest(c, security, view);
    if (principal instanceof Response) return principal;
    c.set('view', view);
    c.set('principal', principal);
    await next();
  });
}

/** In-process calls (console **Try it**): the caller given with the request → `view`, `principal`. */
export function invokedCaller(gateway: Gateway) {
  return createMiddleware<EdgeEnv>(async (c, next) => {
    const principal = c.env?.principal;
    const view = c.req.param('view') ?? DEFAULT_VIEW;
    if (principal === undefined || gateway.view(view) === undefined) return c.body(null, 404);
    c.set('view', view);
    c.set('principal', principal);
    await next();
  });
}
