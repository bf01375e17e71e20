import type { Client } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flowhubConfigPath, startFlowHub } from '../../examples/flowhub/index.js';
import type { PorticoInstance } from '../../src/runtime/index.js';
import { connectClient, type Era } from '../support/clients.js';
import { startTestPortico } from '../support/portico.js';

type Result = {
  isError?: boolean;
  content: { type: string; text: string }[];
  structuredContent?: Record<string, unknown>;
};

describe.each<Era>(['modern', 'legacy'])('long-running trigger_sync (%s client)', (era) => {
  let flowhub: Awaited<ReturnType<typeof startFlowHub>>;
  let portico: PorticoInstance;
  let client: Client;
  beforeAll(async () => {
    flowhub = await startFlowHub({ runDurationMs: 1200 });
    portico = await startTestPortico(flowhubConfigPath, { FLOWHUB_URL: flowhub.url });
    client = await connectClient(portico.mcpUrl, era);
  });
  afterAll(async () => {
    await client.close();
    await portico.close();
    await flowhub.close();
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
