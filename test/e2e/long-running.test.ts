import type { Client } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectClient, type Era } from '../support/clients.js';
import { type FlowHubStack, startFlowHubStack } from '../support/portico.js';

type Result = {
  isError?: boolean;
  content: { type: string; text: string }[];
  structuredContent?: Record<string, unknown>;
};

describe.each<Era>(['modern', 'legacy'])('long-running trigger_sync (%s client)', (era) => {
  let stack: FlowHubStack;
  let client: Client;
  beforeAll(async () => {
    // --no-auth (as acme): this file is about long-running calls, not authentication.
    stack = await startFlowHubStack({ runDurationMs: 1200, noAuth: true });
    client = await connectClient(stack.portico.mcpUrl, era);
  });
  afterAll(async () => {
    await client.close();
    await stack.close();
  });

  it('returns an accepted handle at once, with how to check it', async () => {
    const r = (await client.callTool({
      name: 'trigger_sync',
      arguments: { flow: 'salesforce-accounts-to-snowflake' },
    })) as Result;
    expect(r.isError).toBeFalsy();
    expect(r.structuredContent).toMatchObject({ status: 'queued' });
    const note = r.content.map((c) => c.text).join('\n');
    expect(note).toMatch(/get_run \{"run_id":"run_/);
  });

  it('with wait: true polls get_run, reports progress and returns the final run', async () => {
    const progress: { progress: number; message?: string }[] = [];
    const r = (await client.callTool(
      { name: 'trigger_sync', arguments: { flow: 'salesforce-accounts-to-snowflake', wait: true } },
      { onprogress: (p) => progress.push(p), timeout: 30_000 },
    )) as Result;
    expect(r.isError).toBeFalsy();
    expect(['success', 'failed']).toContain((r.structuredContent as { status: string }).status);
    expect(progress.length).toBeGreaterThan(0);
    expect(progress[0]!.message).toMatch(/run_id=run_\w+: status=/);
    expect(r.content.map((c) => c.text).join('\n')).toMatch(/finished with status=/);
  });
});
