import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { Client as V1Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport as V1StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { PorticoInstance } from '../../src/runtime/index.js';
import { spawnBridge, tempCredentials } from '../bridge/support.js';
import { type FaultUpstream, startFaultUpstream } from '../support/fault-upstream.js';
import { type FlowHubStack, startFlowHubStack, startTestPortico } from '../support/portico.js';
import { BIN } from '../support/spawn-cli.js';

type Result = {
  isError?: boolean;
  content: { type: string; text: string }[];
  structuredContent?: Record<string, unknown>;
};

/**
 * `portico connect` serves desktop clients of both protocol eras over stdio: the SDK v2 client pinned
 * to 2026-07-28 (server/discover + the _meta envelope), the SDK v2 client in 2025-11-25 mode, and
 * the SDK v1 client most deployed desktop apps still ship.
 */
describe('portico connect serves both protocol eras', () => {
  let stack: FlowHubStack;
  let env: Record<string, string>;
  let gatewayUrl: string;

  beforeAll(async () => {
    stack = await startFlowHubStack({ runDurationMs: 600 });
    gatewayUrl = stack.portico.mcpUrl;
    env = { PORTICO_CREDENTIALS_FILE: tempCredentials(), PORTICO_TOKEN: stack.tokens.acme! };
  });
  afterAll(async () => {
    await stack.close();
  });

  for (const era of ['modern', 'legacy'] as const) {
    it(`SDK v2 client (${era === 'modern' ? 'pinned 2026-07-28' : '2025-11-25'}): lists and calls tools`, async () => {
      const bridge = await spawnBridge([gatewayUrl], env, era);
      try {
        expect(bridge.client.getNegotiatedProtocolVersion()).toBe(
          era === 'modern' ? '2026-07-28' : '2025-11-25',
        );
        expect(bridge.client.getServerVersion()?.name).toBe('portico');
        const list = await bridge.client.listTools();
        expect(list.tools.map((t) => t.name)).toEqual(expect.arrayContaining(['list_flows', 'whoami']));
        const me = (await bridge.client.callTool({ name: 'whoami', arguments: {} })) as Result;
        expect(me.isError).toBeFalsy();
        expect(me.structuredContent).toMatchObject({ tenant: { id: 'acme' } });
        const flows = (await bridge.client.callTool({ name: 'list_flows', arguments: {} })) as Result;
        expect(JSON.stringify(flows.structuredContent)).toContain('salesforce-accounts-to-snowflake');
        const progress: { progress: number; message?: string }[] = [];
        const run = (await bridge.client.callTool(
          { name: 'trigger_sync', arguments: { flow: 'salesforce-accounts-to-snowflake', wait: true } },
          { onprogress: (p) => progress.push(p), timeout: 30_000 },
        )) as Result;
        expect(run.isError).toBeFalsy();
        expect(progress.length).toBeGreaterThan(0);
      } finally {
        await bridge.close();
      }
    });
  }

  it('SDK v1 client (@modelcontextprotocol/sdk): lists and calls tools', async () => {
    const transport = new V1StdioClientTransport({
      command: process.execPath,
      args: [BIN, 'connect', gatewayUrl],
      env: { ...(process.env as Record<string, string>), ...env },
      stderr: 'pipe',
    });
    const client = new V1Client({ name: 'v1-desktop', version: '1.0.0' });
    await client.connect(transport);
    try {
      expect(client.getServerVersion()?.name).toBe('portico');
      const list = await client.listTools();
      expect(list.tools.map((t) => t.name)).toEqual(expect.arrayContaining(['list_flows', 'whoami']));
      const me = (await client.callTool({ name: 'whoami', arguments: {} })) as Result;
      expect(me.isError).toBeFalsy();
      expect(me.structuredContent).toMatchObject({ tenant: { id: 'acme' } });
    } finally {
      await client.close();
    }
  });
});

describe('portico connect relays tool list changes in both eras', () => {
  let upstream: FaultUpstream;
  let portico: PorticoInstance;
  let file: string;

  beforeAll(async () => {
    upstream = await startFaultUpstream();
    file = join(mkdtempSync(join(tmpdir(), 'portico-bridge-reload-')), 'portico.yaml');
    copyFileSync(fileURLToPath(new URL('../fixtures/faults.yaml', import.meta.url)), file);
    portico = await startTestPortico(file, { FAULT_URL: upstream.url });
  });
  afterAll(async () => {
    await portico.close();
    await upstream.close();
  });

  it('a gateway reload reaches a 2026-07-28 client (subscriptions/listen) and a 2025-11-25 client', async () => {
    const changed: Record<'modern' | 'legacy', string[]> = { modern: [], legacy: [] };
    const clients: Client[] = [];
    try {
      for (const era of ['modern', 'legacy'] as const) {
        const client = new Client(
          { name: `desktop-${era}`, version: '1.0.0' },
          {
            ...(era === 'modern' ? { versionNegotiation: { mode: { pin: '2026-07-28' } } } : {}),
            listChanged: {
              tools: {
                debounceMs: 0,
                onChanged: (_e, tools) => changed[era].push(...(tools ?? []).map((t) => t.name)),
              },
            },
          },
        );
        await client.connect(
          new StdioClientTransport({
            command: process.execPath,
            args: [BIN, 'connect', portico.mcpUrl],
            env: {
              ...(process.env as Record<string, string>),
              PORTICO_CREDENTIALS_FILE: tempCredentials(),
              PORTICO_TOKEN: 'mcp_dev_gateway_runs_with_no_auth',
            },
            stderr: 'pipe',
          }),
        );
        clients.push(client);
        expect((await client.listTools()).tools.map((t) => t.name)).not.toContain('get_item_again');
      }
      const op =
        '      get_item_again:\n        path: /items/{id}\n        arguments:\n          id: { type: string }\n';
      writeFileSync(file, readFileSync(file, 'utf8').replace('    operations:\n', `    operations:\n${op}`));
      expect(await portico.reload()).toBe(true);
      for (const era of ['modern', 'legacy'] as const) {
        await vi.waitFor(() => expect(changed[era]).toContain('get_item_again'), { timeout: 15_000 });
      }
    } finally {
      for (const c of clients) await c.close();
    }
  }, 60_000);
});
