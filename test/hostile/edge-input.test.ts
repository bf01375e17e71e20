import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonTextDepth, parseBoundedJson, valueDeeperThan } from '../../src/json/index.js';
import { type FaultUpstream, startFaultUpstream } from '../support/fault-upstream.js';
import { deepJson } from '../support/hostile-upstream.js';
import { type InMemoryGateway, inMemoryGateway } from '../support/in-memory.js';
import { MCP_HEADERS, rpcBody } from '../support/mcp-post.js';

describe('JSON depth limits', () => {
  it('measures text depth in one pass, ignoring brackets in strings', () => {
    expect(jsonTextDepth('{"a":[1,{"b":"[[[{{{"}]}')).toBe(3);
    expect(jsonTextDepth('"\\"[["')).toBe(0);
    expect(jsonTextDepth(deepJson(100_000), 64)).toBe(65);
    expect(parseBoundedJson(deepJson(64), 64).ok).toBe(true);
    expect(parseBoundedJson(deepJson(65), 64)).toMatchObject({ ok: false, reason: 'depth' });
    expect(parseBoundedJson('{"a":', 64)).toMatchObject({ ok: false, reason: 'syntax' });
  });

  it('measures parsed values iteratively (100,000 levels do not overflow the stack)', () => {
    const deep = JSON.parse(deepJson(100_000)) as unknown;
    expect(valueDeeperThan(deep, 64)).toBe(true);
    expect(valueDeeperThan({ a: [{ b: 1 }] }, 3)).toBe(false);
    expect(valueDeeperThan({ a: [{ b: {} }] }, 3)).toBe(true);
  });
});

describe('hostile requests to /mcp (issue 11, point 4)', () => {
  const config = fileURLToPath(new URL('../fixtures/hardening.yaml', import.meta.url));
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
  const post = (body: string, headers: Record<string, string> = {}) =>
    gw.app.request('http://127.0.0.1/mcp', {
      method: 'POST',
      headers: { ...MCP_HEADERS, host: '127.0.0.1', ...headers },
      body,
    });
  type Rpc = { id: unknown; error?: { code: number; message: string }; result?: unknown };

  it('tools/list with params.cursor [1] → -32602 naming the field, no schema dump', async () => {
    const res = await post('{"jsonrpc":"2.0","id":7,"method":"tools/list","params":{"cursor":[1]}}');
    expect(res.status).toBe(200);
    const body = await rpcBody<Rpc>(res);
    expect(body).toMatchObject({ id: 7, error: { code: -32602 } });
    expect(body.error?.message).toMatch(/^Invalid params: params\.cursor: /);
    expect(body.error?.message).not.toContain('\n');
  });

  it('a 2,000-level _meta clientCapabilities and a 5,000-level argument → -32600 naming the limit', async () => {
    const meta = `{"jsonrpc":"2.0","id":1,"method":"tools/list","params":{"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":${deepJson(2_000)}}}}`;
    const args = `{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"get_item","arguments":{"id":"1","flow":${deepJson(5_000)}}}}`;
    for (const [body, headers] of [
      [meta, { 'mcp-protocol-version': '2026-07-28', 'mcp-method': 'tools/list' }],
      [meta, {}],
      [args, {}],
    ] as const) {
      const res = await post(body, headers);
      expect(res.status).toBe(400);
      const got = (await res.json()) as Rpc;
      expect(got.error?.code).toBe(-32600);
      expect(got.error?.message).toContain('nested deeper than 64 levels (server.max_json_depth)');
    }
  });

  it('arguments at the limit still work; prototype-named methods → -32601', async () => {
    const ok = await post(
      `{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"create_echo","arguments":{"name":"n","payload":${deepJson(50)}}}}`,
    );
    expect(((await rpcBody<Rpc>(ok)).result as { isError?: boolean }).isError).toBeFalsy();
    for (const method of ['__proto__', 'constructor', 'toString']) {
      const res = await post(JSON.stringify({ jsonrpc: '2.0', id: 4, method }));
      expect(res.status).toBeLessThan(500);
      expect((await rpcBody<Rpc>(res)).error?.code).toBe(-32601);
    }
  });
});

describe('limits before the body (issue 11, point 3)', () => {
  const config = fileURLToPath(new URL('../fixtures/hardening.yaml', import.meta.url));
  let upstream: FaultUpstream;
  let gw: InMemoryGateway;
  beforeAll(async () => {
    upstream = await startFaultUpstream();
    gw = await inMemoryGateway(config, { FAULT_URL: upstream.url }, { noAuth: false });
  });
  afterAll(async () => {
    await gw.dispose();
    await upstream.close();
  });

  it('a token over its rate gets 429 without its body being read', async () => {
    await gw.security.access.createTenant({ id: 'slow' });
    const { secret } = await gw.security.access.createToken({
      tenantId: 'slow',
      label: 'one-a-minute',
      scopes: ['mcp.tools.discovery'],
      rateLimit: '1/min',
    });
    const headers = { ...MCP_HEADERS, host: '127.0.0.1', authorization: `Bearer ${secret}` };
    const first = await gw.app.request('http://127.0.0.1/mcp', {
      method: 'POST',
      headers,
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
    });
    expect(first.status).toBe(200);
    await first.text();
    let pulled = 0;
    const never = new ReadableStream<Uint8Array>({
      pull() {
        pulled++;
        return new Promise(() => undefined); // a body that never arrives
      },
    });
    const second = await gw.app.request('http://127.0.0.1/mcp', {
      method: 'POST',
      headers,
      body: never,
      // @ts-expect-error Node's fetch needs duplex for a stream body
      duplex: 'half',
    });
    expect(second.status).toBe(429);
    expect(second.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(pulled).toBeLessThanOrEqual(1);
  });
});
