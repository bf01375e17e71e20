import type { Client } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectClient, type Era } from '../support/clients.js';
import type { InMemoryPortico } from '../support/in-memory.js';
import { MCP_HEADERS, rpc, rpcBody } from '../support/mcp-post.js';
import { type FlowHubStack, startFlowHubStack } from '../support/portico.js';

type Result = {
  isError?: boolean;
  content: { type: string; text: string }[];
  structuredContent?: Record<string, unknown>;
};
const text = (r: Result) => r.content.map((c) => c.text).join('\n');

// Views, not auth, are under test here: --no-auth runs every request as acme (whose FlowHub key is
// stored). Portico runs in memory (real SDK clients over `app.request`); FlowHub on a socket.
let stack: FlowHubStack<InMemoryPortico>;
let portico: InMemoryPortico;
beforeAll(async () => {
  stack = await startFlowHubStack({ runDurationMs: 300, noAuth: true, inMemory: true });
  portico = stack.portico;
});
afterAll(async () => {
  await stack.close();
});

describe.each<Era>(['modern', 'legacy'])('FlowHub views (%s client)', (era) => {
  const open: Client[] = [];
  const connect = async (path: string) => {
    const c = await connectClient(`${portico.url}${path}`, era, undefined, {}, portico.fetch);
    open.push(c);
    return c;
  };
  afterAll(async () => {
    for (const c of open) await c.close();
  });

  it('serves the readonly view without trigger_sync', async () => {
    const c = await connect('/mcp/readonly');
    const { tools } = await c.listTools();
    // 10 FlowHub read tools + the built-in whoami.
    expect(tools).toHaveLength(11);
    expect(tools.map((t) => t.name)).toContain('whoami');
    expect(tools.map((t) => t.name)).not.toContain('trigger_sync');
    expect(tools.every((t) => t.annotations?.readOnlyHint === true)).toBe(true);
    const r = await expect(c.callTool({ name: 'trigger_sync', arguments: { flow: 'x' } })).rejects.toThrow(
      /Unknown tool/,
    );
    return r;
  });

  it('serves the ops view as facade tools that dispatch on operation', async () => {
    const c = await connect('/mcp/ops');
    const { tools } = await c.listTools();
    const names = tools.map((t) => t.name);
    expect(names).toContain('flowhub_runs');
    expect(names).toContain('whoami');
    expect(names.filter((n) => n !== 'whoami').length).toBeLessThan(11);
    const runs = tools.find((t) => t.name === 'flowhub_runs')!;
    expect(runs.inputSchema.required).toEqual(['operation']);
    expect(runs.inputSchema.properties).toHaveProperty('run_id');
    const ok = (await c.callTool({
      name: 'flowhub_runs',
      arguments: { operation: 'list_runs', limit: 2 },
    })) as Result;
    expect(ok.isError).toBeFalsy();
    expect((ok.structuredContent as { runs: unknown[] }).runs).toHaveLength(2);
    const bad = (await c.callTool({ name: 'flowhub_runs', arguments: { operation: 'list_rns' } })) as Result;
    expect(bad.isError).toBe(true);
    expect(text(bad)).toContain('list_runs');
    const missing = (await c.callTool({
      name: 'flowhub_runs',
      arguments: { operation: 'get_run' },
    })) as Result;
    expect(missing.isError).toBe(true);
    expect(text(missing)).toContain('run_id');
  });

  it('serves the search view: search_tools finds the right tool and call_tool calls it', async () => {
    const c = await connect('/mcp/search');
    const { tools } = await c.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(['call_tool', 'search_tools', 'whoami']);
    const found = (await c.callTool({
      name: 'search_tools',
      arguments: { query: 'why did the shopify orders sync fail', limit: 3 },
    })) as Result;
    const hits = (found.structuredContent as { tools: { name: string }[] }).tools.map((t) => t.name);
    expect(hits).toContain('get_flow_error_summary');
    const called = (await c.callTool({
      name: 'call_tool',
      arguments: { name: 'get_flow_error_summary', arguments: { flow: 'shopify-orders-to-snowflake' } },
    })) as Result;
    expect(called.isError).toBeFalsy();
    expect(text(called)).toContain('SchemaMismatch');
    const invalid = (await c.callTool({
      name: 'call_tool',
      arguments: { name: 'get_flow_error_summary', arguments: {} },
    })) as Result;
    expect(invalid.isError).toBe(true);
    expect(text(invalid)).toContain('flow');
  });
});

describe('discovery and compatibility', () => {
  it('lists tools over REST with limit and cursor, the same cursors as JSON-RPC', async () => {
    const first = await portico.fetch(`${portico.url}/mcp/tools/list?limit=4`);
    expect(first.status).toBe(200);
    const page1 = (await first.json()) as { tools: { name: string }[]; nextCursor: string };
    expect(page1.tools).toHaveLength(4);
    const second = (await (
      await portico.fetch(
        `${portico.url}/mcp/tools/list?limit=4&cursor=${encodeURIComponent(page1.nextCursor)}`,
      )
    ).json()) as { tools: { name: string }[] };
    expect(second.tools[0]!.name > page1.tools[3]!.name).toBe(true);
    const viaRpc = await portico.fetch(portico.mcpUrl, {
      method: 'POST',
      headers: MCP_HEADERS,
      body: rpc('tools/list', { cursor: page1.nextCursor }),
    });
    const rpcPage = await rpcBody<{ result: { tools: { name: string }[] } }>(viaRpc);
    expect(rpcPage.result.tools[0]!.name).toBe(second.tools[0]!.name);
    const view = (await (await portico.fetch(`${portico.url}/mcp/readonly/tools/list`)).json()) as {
      tools: { name: string }[];
    };
    expect(view.tools).toHaveLength(11); // 10 read tools + whoami
    expect(view.tools.map((t) => t.name)).toContain('whoami');
  });

  it('answers an invalid cursor with 400 on REST and -32602 on JSON-RPC', async () => {
    const res = await portico.fetch(`${portico.url}/mcp/tools/list?cursor=garbage`);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/cursor/i);
  });

  it('answers an unknown view with 404 naming the views', async () => {
    const res = await portico.fetch(`${portico.url}/mcp/nope`, {
      method: 'POST',
      headers: MCP_HEADERS,
      body: rpc('tools/list'),
    });
    expect(res.status).toBe(404);
    expect(await res.text()).toContain('/mcp/readonly');
  });

  it('accepts tools/invoke as an alias of tools/call', async () => {
    const res = await portico.fetch(portico.mcpUrl, {
      method: 'POST',
      headers: MCP_HEADERS,
      body: rpc('tools/invoke', {
        name: 'get_flow',
        arguments: { flow: 'salesforce-accounts-to-snowflake' },
      }),
    });
    const body = await rpcBody<{ result: { structuredContent: { name: string } } }>(res);
    expect(body.result.structuredContent.name).toBe('salesforce-accounts-to-snowflake');
  });

  it('lists every tool with annotations and a title', async () => {
    const { tools } = (await (await portico.fetch(`${portico.url}/mcp/tools/list`)).json()) as {
      tools: { title?: string; annotations: Record<string, unknown> }[];
    };
    for (const t of tools) {
      expect(t.title).toBeTruthy();
      expect(Object.keys(t.annotations)).toEqual(
        expect.arrayContaining(['readOnlyHint', 'destructiveHint', 'idempotentHint', 'openWorldHint']),
      );
    }
  });
});
