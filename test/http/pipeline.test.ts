import { fileURLToPath } from 'node:url';
import { Hono, type MiddlewareHandler } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { devPrincipal } from '../../src/auth/index.js';
import type { Principal, Scope } from '../../src/auth/types.js';
import {
  type Access,
  authorize,
  checkMediaTypes,
  type EdgeEnv,
  limit,
  parseJsonRpc,
} from '../../src/http/pipeline/index.js';
import { type FaultUpstream, startFaultUpstream } from '../support/fault-upstream.js';
import { type InMemoryGateway, inMemoryGateway } from '../support/in-memory.js';
import { MCP_HEADERS, rpc, rpcBody } from '../support/mcp-post.js';

const config = fileURLToPath(new URL('../gateway/gateway.yaml', import.meta.url));
type RpcError = { id: unknown; error: { code: number; message: string } };

/** One middleware alone, ending in a handler that shows what it set. */
function alone(...middleware: MiddlewareHandler<EdgeEnv>[]) {
  const app = new Hono<EdgeEnv>();
  app.use('/', ...middleware);
  app.post('/', (c) => c.json({ rpc: c.var.rpc ?? null, verdict: c.var.verdict ?? null }));
  return app;
}

const post = (app: Hono<EdgeEnv>, body: string, headers: Record<string, string> = MCP_HEADERS) =>
  app.request('http://127.0.0.1/', { method: 'POST', headers, body });

describe('edge middlewares, each alone', () => {
  it('checkMediaTypes: 406 without both media types in Accept, 415 for a non-JSON body', async () => {
    const app = alone(checkMediaTypes);
    const noSse = await post(app, rpc('ping'), { ...MCP_HEADERS, accept: 'application/json' });
    expect(noSse.status).toBe(406);
    const form = await post(app, rpc('ping'), { ...MCP_HEADERS, 'content-type': 'text/plain' });
    expect(form.status).toBe(415);
    expect((await post(app, rpc('ping'))).status).toBe(200);
  });

  it('parseJsonRpc: the message, its id, and tools/invoke served as tools/call', async () => {
    const app = alone(parseJsonRpc({ maxBody: 200, maxJsonDepth: 4 }));
    const res = await post(app, rpc('tools/invoke', { name: 'whoami' }, 'a1'));
    const { rpc: parsed } = (await res.json()) as { rpc: { method: string; id: unknown; body: unknown } };
    expect(parsed).toMatchObject({ method: 'tools/call', id: 'a1', body: { method: 'tools/call' } });
  });

  it('parseJsonRpc: 413, -32700, -32600 (depth, batch) and -32602 before anything runs', async () => {
    const app = alone(parseJsonRpc({ maxBody: 200, maxJsonDepth: 4 }));
    const big = await post(app, rpc('tools/call', { name: 'x'.repeat(300) }));
    expect(big.status).toBe(413);
    const bad = await post(app, '{"jsonrpc":');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as RpcError).error.code).toBe(-32700);
    const deep = await post(app, rpc('tools/call', { name: 'x', arguments: { a: { b: { c: 1 } } } }));
    expect(((await deep.json()) as RpcError).error.code).toBe(-32600);
    const batch = await post(app, `[${rpc('ping')}]`);
    expect(((await batch.json()) as RpcError).error.code).toBe(-32600);
    const params = await post(app, rpc('tools/call', { name: 5 }, 9));
    expect(params.status).toBe(200);
    const answer = (await params.json()) as RpcError;
    expect(answer).toMatchObject({ id: 9, error: { code: -32602 } });
  });

  describe('with real security services', () => {
    let upstream: FaultUpstream;
    let gw: InMemoryGateway;
    beforeAll(async () => {
      upstream = await startFaultUpstream();
      gw = await inMemoryGateway(config, { FAULT_URL: upstream.url });
    });
    afterAll(async () => {
      await gw.dispose();
      await upstream.close();
    });

    const reader: Principal = {
      ...devPrincipal({ id: 'acme', name: 'Acme' }),
      scopes: new Set<Scope>(['mcp.tools.discovery', 'mcp.tools.invoke']),
    };
    const given = (access: Access, principal = reader) =>
      alone(async (c, next) => {
        c.set('view', 'default');
        c.set('principal', principal);
        c.set('access', access);
        await next();
      }, authorize(gw.security.edge));

    it('authorize: 403 with the insufficient_scope challenge naming what is missing; else passes', async () => {
      const denied = await post(given({ scope: 'mcp.tools.write', what: 'calling create_echo' }), rpc('x'));
      expect(denied.status).toBe(403);
      expect(denied.headers.get('www-authenticate')).toContain('error="insufficient_scope"');
      expect(denied.headers.get('www-authenticate')).toContain(
        'scope="mcp.tools.discovery mcp.tools.invoke mcp.tools.write"',
      );
      expect(((await denied.json()) as RpcError).error.message).toContain('calling create_echo needs');
      const allowed = await post(given({ scope: 'mcp.tools.invoke', what: 'calling get_item' }), rpc('x'));
      expect(allowed.status).toBe(200);
      expect(((await allowed.json()) as { verdict: unknown }).verdict).toBeNull();
    });

    it('limit: counts only what resolve marked, and answers 429 once the rate is used up', async () => {
      const principal: Principal = {
        ...devPrincipal({ id: 'limited', name: 'Limited' }),
        kind: 'token',
        tokenId: 'tok_limit_test',
        rateLimit: '2/min',
      };
      const counted = alone(async (c, next) => {
        c.set('principal', principal);
        c.set('access', { what: 'listing tools', limit: { call: false } });
        await next();
      }, limit(gw.security.edge));
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++) statuses.push((await post(counted, rpc('x'))).status);
      expect(statuses).toEqual([200, 200, 429]);
      const uncounted = alone(async (c, next) => {
        c.set('principal', principal);
        c.set('access', { what: 'calling ping' });
        await next();
      }, limit(gw.security.edge));
      expect((await post(uncounted, rpc('ping'))).status).toBe(200);
    });

    it('the whole pipeline: search_tools and call_tool audited with their outcome, x-request-id echoed', async () => {
      const send = (view: string, name: string, args: Record<string, unknown>, id: string) =>
        gw.app.request(`http://127.0.0.1/mcp/${view}`, {
          method: 'POST',
          headers: { ...MCP_HEADERS, host: '127.0.0.1', 'x-request-id': id },
          body: rpc('tools/call', { name, arguments: args }),
        });
      const search = await send('find', 'search_tools', { query: 'echo' }, 'pipe-search');
      expect(search.headers.get('x-request-id')).toBe('pipe-search');
      expect((await rpcBody<{ result: { isError?: boolean } }>(search)).result.isError).toBeUndefined();
      const call = await send(
        'find',
        'call_tool',
        { name: 'faults.get_item', arguments: { id: '3' } },
        'pipe-call',
      );
      await call.text();
      await gw.security.audit.flush();
      const rows = await gw.store.queryAudit({ limit: 100 });
      const byId = (id: string) => rows.find((r) => r.requestId === id);
      expect(byId('pipe-search')).toMatchObject({ tool: 'search_tools', outcome: 'ok', view: 'find' });
      expect(byId('pipe-call')).toMatchObject({
        tool: 'call_tool:faults.get_item',
        outcome: 'ok',
        upstreamStatus: 200,
      });
    });

    it('invoke (console Try it) runs the same pipeline as the given principal: scope, audit, unknown view 404', async () => {
      const viewer: Principal = {
        ...devPrincipal({ id: 'viewer', name: 'Viewer' }),
        kind: 'console',
        scopes: new Set<Scope>(['mcp.tools.discovery', 'mcp.tools.invoke']),
      };
      const call = (name: string, args: Record<string, unknown>, id: number) => ({
        jsonrpc: '2.0',
        id,
        method: 'tools/call',
        params: { name, arguments: args },
      });
      const read = await gw.invoke(viewer, 'default', call('faults.get_item', { id: 'try' }, 1));
      expect(read.status).toBe(200);
      const readId = read.headers.get('x-request-id');
      expect(
        (await rpcBody<{ result: { structuredContent: unknown } }>(read)).result.structuredContent,
      ).toMatchObject({ id: 'try' });
      const write = await gw.invoke(viewer, 'default', call('faults.create_echo', { name: 'n' }, 2));
      expect(write.status).toBe(403);
      await write.text();
      expect((await gw.invoke(viewer, 'nope', call('whoami', {}, 3))).status).toBe(404);
      await gw.security.audit.flush();
      const rows = await gw.store.queryAudit({ limit: 100 });
      expect(rows.find((r) => r.requestId === readId)).toMatchObject({ tenantId: 'viewer', outcome: 'ok' });
      expect(rows.find((r) => r.tool === 'faults.create_echo')).toMatchObject({
        tenantId: 'viewer',
        outcome: 'denied',
      });
    });
  });
});
