import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FaultUpstream, startFaultUpstream } from '../support/fault-upstream.js';
import { type InMemoryGateway, inMemoryGateway } from '../support/in-memory.js';
import { MCP_HEADERS, rpc, rpcBody } from '../support/mcp-post.js';

const config = fileURLToPath(new URL('../fixtures/faults.yaml', import.meta.url));
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

describe('HTTP edges of /mcp', () => {
  it('answers GET without a session and DELETE with 405', async () => {
    for (const method of ['GET', 'DELETE']) {
      const res = await gw.app.request('http://127.0.0.1/mcp', { method, headers: { host: '127.0.0.1' } });
      expect(res.status).toBe(405);
      expect(res.headers.get('allow')).toContain('POST');
    }
  });

  it('rejects JSON-RPC batches with 400', async () => {
    const res = await post(JSON.stringify([{ jsonrpc: '2.0', id: 1, method: 'ping' }]));
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: number } }).error.code).toBe(-32600);
  });

  it('answers a POST without the required Accept with 406', async () => {
    const res = await post(rpc('tools/list'), { accept: 'application/json' });
    expect(res.status).toBe(406);
    const body = (await res.json()) as { error: { message: string } };
    expect(body.error.message).toMatch(/text\/event-stream/);
  });

  it('answers a wrong Content-Type with 415', async () => {
    const res = await post(rpc('tools/list'), { 'content-type': 'text/plain' });
    expect(res.status).toBe(415);
  });

  it('answers malformed JSON with -32700', async () => {
    const res = await post('{"jsonrpc": "2.0", "id": 1, "method": ');
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: number } };
    expect(body.error.code).toBe(-32700);
  });

  it('answers a body over 1 MiB with 413, declared or streamed', async () => {
    const big = JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'tools/list',
      params: { pad: 'x'.repeat(1024 * 1024) },
    });
    expect((await post(big)).status).toBe(413);
    const stream = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(big));
        controller.close();
      },
    });
    const res = await gw.app.request('http://127.0.0.1/mcp', {
      method: 'POST',
      headers: { ...MCP_HEADERS, host: '127.0.0.1' },
      body: stream,
      // @ts-expect-error Node's fetch needs duplex for a stream body
      duplex: 'half',
    });
    expect(res.status).toBe(413);
  });

  it('rejects a foreign Origin and a foreign Host with 403', async () => {
    expect((await post(rpc('tools/list'), { origin: 'https://evil.example' })).status).toBe(403);
    expect((await post(rpc('tools/list'), { host: 'evil.example:8787' })).status).toBe(403);
    expect((await post(rpc('tools/list'), { origin: 'http://localhost:3000' })).status).not.toBe(403);
  });

  it('serves /healthz', async () => {
    const res = await gw.app.request('http://127.0.0.1/healthz');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok', tools: 10 });
  });

  it('lists tools in pages with a stable order and rejects a bad cursor with -32602', async () => {
    const names: string[] = [];
    let pages = 0;
    let cursor: string | undefined;
    do {
      const res = await post(rpc('tools/list', cursor === undefined ? {} : { cursor }));
      const body = (await rpcBody(res)) as { result: { tools: { name: string }[]; nextCursor?: string } };
      names.push(...body.result.tools.map((t) => t.name));
      cursor = body.result.nextCursor;
      pages++;
    } while (cursor !== undefined);
    expect(names).toEqual([...names].sort());
    // 10 catalogue tools + the built-in whoami, in pages of 3 (faults.yaml page_size).
    expect(names).toHaveLength(11);
    expect(names).toContain('whoami');
    expect(pages).toBe(4);
    const bad = await post(rpc('tools/list', { cursor: 'not-a-cursor' }));
    const body = (await rpcBody(bad)) as { error: { code: number; message: string } };
    expect(body.error.code).toBe(-32602);
    expect(body.error.message).toMatch(/cursor/i);
  });

  it('names close matches for an unknown tool', async () => {
    const res = await post(rpc('tools/call', { name: 'get_iteem', arguments: {} }));
    const body = (await rpcBody(res)) as { error: { code: number; message: string } };
    expect(body.error.code).toBe(-32602);
    expect(body.error.message).toContain('"get_item"');
  });

  it('rejects invalid arguments as an isError result naming the field', async () => {
    const res = await post(rpc('tools/call', { name: 'create_echo', arguments: { count: 'ten' } }));
    const body = (await rpcBody(res)) as { result: { isError: boolean; content: { text: string }[] } };
    expect(body.result.isError).toBe(true);
    expect(body.result.content[0]!.text).toMatch(/"name"/);
    expect(body.result.content[0]!.text).toMatch(/count/);
  });

  it('echoes x-request-id', async () => {
    const res = await post(rpc('tools/list'), { 'x-request-id': 'req-123' });
    expect(res.headers.get('x-request-id')).toBe('req-123');
  });
});
