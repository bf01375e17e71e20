import type { Client } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { connectClient, type Era } from '../support/clients.js';
import { type FlowHubStack, startFlowHubStack } from '../support/portico.js';

const TOOLS = [
  'get_flow',
  'get_flow_error_summary',
  'get_flow_mappings',
  'get_run',
  'get_run_errors',
  'get_system_health',
  'list_connectors',
  'list_flow_runs',
  'list_flows',
  'list_runs',
  'trigger_sync',
  'whoami',
];

type Result = {
  isError?: boolean;
  content: { type: string; text: string }[];
  structuredContent?: Record<string, unknown>;
};

describe.each<Era>(['modern', 'legacy'])('FlowHub through Portico (%s client, acme token)', (era) => {
  let stack: FlowHubStack;
  let client: Client;

  beforeAll(async () => {
    stack = await startFlowHubStack({ runDurationMs: 300 });
    client = await connectClient(stack.portico.mcpUrl, era, {
      authorization: `Bearer ${stack.tokens.acme}`,
    });
  });
  afterAll(async () => {
    await client.close();
    await stack.close();
  });

  const call = async (name: string, args: Record<string, unknown> = {}) => {
    const r = (await client.callTool({ name, arguments: args })) as Result;
    expect(r.isError, `${name}: ${r.content[0]?.text}`).toBeFalsy();
    return r;
  };

  it('lists exactly the 11 FlowHub tools plus whoami in a stable order with annotations', async () => {
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toEqual(TOOLS);
    for (const t of tools) {
      expect(t.annotations?.readOnlyHint, t.name).toBe(t.name !== 'trigger_sync');
      expect(t.description?.length, t.name).toBeGreaterThan(10);
      // The demo token has every scope: each tool says so in its _meta.
      expect(t._meta, t.name).toMatchObject({
        'dev.portico/permission': t.name === 'trigger_sync' ? 'write' : 'invoke',
        'dev.portico/invocable': true,
      });
    }
    const sync = tools.find((t) => t.name === 'trigger_sync')!;
    expect(sync.annotations).toMatchObject({ readOnlyHint: false, idempotentHint: false });
    expect(sync.inputSchema.required).toEqual(['flow']);
  });

  it('whoami names the caller: tenant acme, the demo token, every tool callable', async () => {
    const r = await call('whoami');
    const me = r.structuredContent as {
      tenant: { id: string };
      token: { label: string; prefix: string };
      tools: { name: string; permission: string }[];
    };
    expect(me.tenant.id).toBe('acme');
    expect(me.token.label).toBe('demo');
    expect(stack.tokens.acme!.startsWith(me.token.prefix)).toBe(true);
    expect(me.tools.map((t) => t.name)).toEqual(TOOLS.filter((n) => n !== 'whoami'));
    expect(me.tools.find((t) => t.name === 'trigger_sync')!.permission).toBe('write');
    expect(r.content[0]!.text).not.toContain(stack.tokens.acme!);
  });

  it('calls every read tool with real data', async () => {
    const flows = (await call('list_flows')).structuredContent as { flows: { name: string }[] };
    expect(flows.flows.length).toBeGreaterThanOrEqual(12);
    const flow = 'shopify-orders-to-snowflake';
    expect((await call('get_flow', { flow })).structuredContent).toMatchObject({ name: flow });
    expect((await call('get_flow_mappings', { flow })).structuredContent).toHaveProperty('mappings');
    const runs = (await call('list_flow_runs', { flow, limit: 5 })).structuredContent as {
      runs: { id: string; status: string }[];
    };
    expect(runs.runs.length).toBeGreaterThan(0);
    expect((await call('get_flow_error_summary', { flow })).content[0]!.text).toMatch(/SchemaMismatch/);
    const failed = (await call('list_runs', { status: 'failed', limit: 3 })).structuredContent as {
      runs: { id: string }[];
    };
    const runId = failed.runs[0]!.id;
    expect((await call('get_run', { run_id: runId })).structuredContent).toMatchObject({
      id: runId,
      status: 'failed',
    });
    expect((await call('get_run_errors', { run_id: runId })).structuredContent).toHaveProperty('errors');
    expect((await call('list_connectors')).structuredContent).toHaveProperty('connectors');
    expect((await call('get_system_health')).structuredContent).toHaveProperty('queue_depth');
  });

  it('reports FlowHub errors as isError results with FlowHub’s own message', async () => {
    const r = (await client.callTool({ name: 'get_flow', arguments: { flow: 'no-such-flow' } })) as Result;
    expect(r.isError).toBe(true);
    expect(r.content[0]!.text).toContain("Flow 'no-such-flow' not found");
    expect(r.content[0]!.text).toContain('404');
  });

  it('triggers a sync and watches the new run appear and finish', async () => {
    const started = (await call('trigger_sync', { flow: 'salesforce-accounts-to-snowflake' }))
      .structuredContent as {
      run_id: string;
      status: string;
    };
    expect(started.status).toBe('queued');
    const recent = (await call('list_runs', { flow: 'salesforce-accounts-to-snowflake', limit: 5 }))
      .structuredContent as {
      runs: { id: string }[];
    };
    expect(recent.runs.map((r) => r.id)).toContain(started.run_id);
    await vi.waitFor(
      async () => {
        const run = (await call('get_run', { run_id: started.run_id })).structuredContent as {
          status: string;
        };
        expect(['success', 'failed']).toContain(run.status);
      },
      { timeout: 10_000, interval: 100 },
    );
  });
});
