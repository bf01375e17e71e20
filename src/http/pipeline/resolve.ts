import { createMiddleware } from 'hono/factory';
import type { Scope } from '../../auth/types.js';
import type { Gateway } from '../../gateway/index.js';
import type { Access, EdgeEnv, RpcRequest } from './env.js';

/** Scopes of the federated servers' resources, prompts and completions (listing = discovery, use = invoke). */
const FEDERATED_FEATURE_SCOPES: Record<string, Scope | undefined> = {
  'resources/list': 'mcp.tools.discovery',
  'resources/templates/list': 'mcp.tools.discovery',
  'prompts/list': 'mcp.tools.discovery',
  'resources/read': 'mcp.tools.invoke',
  'prompts/get': 'mcp.tools.invoke',
  'completion/complete': 'mcp.tools.invoke',
  'resources/subscribe': 'mcp.tools.invoke',
  'resources/unsubscribe': 'mcp.tools.invoke',
  // Tasks of federated servers: reading or cancelling one uses the tool that started it.
  'tasks/get': 'mcp.tools.invoke',
  'tasks/result': 'mcp.tools.invoke',
  'tasks/list': 'mcp.tools.invoke',
  'tasks/cancel': 'mcp.tools.invoke',
};

/** Listing tools (JSON-RPC tools/list and REST discovery): the discovery scope, counted as a request. */
export const LISTING_TOOLS: Access = {
  scope: 'mcp.tools.discovery',
  what: 'listing tools',
  limit: { call: false },
};

/**
 * What serving `rpc` on `view` takes; a tools/call is resolved by the gateway here, once, on the
 * catalogue serving `tenantId` (the caller's tenant).
 */
export function accessFor(gateway: Gateway, view: string, rpc: RpcRequest, tenantId?: string): Access {
  const method = rpc.method;
  if (method === 'tools/list' || method === 'tools/call') {
    const params = (rpc.body as { params?: { name?: unknown; arguments?: unknown } }).params;
    const args =
      params?.arguments !== null && typeof params?.arguments === 'object' && !Array.isArray(params.arguments)
        ? (params.arguments as Record<string, unknown>)
        : undefined;
    if (method === 'tools/list') return { ...LISTING_TOOLS, audit: { tool: null, args } };
    const name = typeof params?.name === 'string' ? params.name : null;
    const call = gateway.resolveCall(view, name ?? '', args ?? {}, tenantId);
    const target = call.target !== undefined && call.target !== name ? ` (${call.target})` : '';
    return {
      ...(call.requiredScope !== undefined ? { scope: call.requiredScope } : {}),
      what: `calling ${name ?? 'a tool'}${target}`,
      limit: { call: true },
      audit: { tool: name, args },
      call,
    };
  }
  const scope = method === undefined ? undefined : FEDERATED_FEATURE_SCOPES[method];
  if (scope !== undefined) return { scope, what: `calling ${method}`, limit: { call: false } };
  return { what: `calling ${method ?? 'a method'}` };
}

/** → `access`: what the parsed request needs (scope, limits, audit) and, for a tools/call, the resolved call. */
export function resolve(gateway: Gateway) {
  return createMiddleware<EdgeEnv>(async (c, next) => {
    const rpc = c.get('rpc');
    if (rpc !== undefined)
      c.set('access', accessFor(gateway, c.get('view'), rpc, c.get('principal')?.tenantId));
    await next();
  });
}

/** → `access` of REST discovery (`GET /mcp[/{view}]/tools/list`). */
export const resolveListing = createMiddleware<EdgeEnv>(async (c, next) => {
  c.set('access', LISTING_TOOLS);
  await next();
});
