import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Client } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { PorticoInstance } from '../../src/runtime/index.js';
import { connectClient } from '../support/clients.js';
import { startTestPortico } from '../support/portico.js';
import { CLIENT_KINDS, connectKind } from '../support/reference-servers.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const APPS = fileURLToPath(new URL('../fixtures/mcp/apps-server.ts', import.meta.url));
const APP_URI = 'portico:apps/ui://clock/app.html';

function serverYaml(name: string, env: Record<string, string>): string[] {
  return [
    `  ${name}:`,
    `    command: ${JSON.stringify(process.execPath)}`,
    `    args: ${JSON.stringify(['--import', 'tsx', APPS])}`,
    `    cwd: ${JSON.stringify(ROOT)}`,
    `    env: ${JSON.stringify(env)}`,
    '    isolation: shared',
  ];
}

describe('upstreams of either revision, and MCP Apps UI resources, through Portico', () => {
  let portico: PorticoInstance;

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'portico-apps-'));
    const file = join(dir, 'portico.yaml');
    writeFileSync(
      file,
      [
        'mcp_servers:',
        ...serverYaml('apps', {}),
        // Speaks only 2026-07-28 over stdio: refuses initialize.
        ...serverYaml('apps26', { FIXTURE_MODERN_ONLY: '1' }),
        '',
      ].join('\n'),
    );
    portico = await startTestPortico(file);
  }, 60_000);
  afterAll(async () => {
    await portico?.close();
  });

  it('federates a stdio server that speaks only 2026-07-28 next to a 2025-11-25 one', async () => {
    const status = Object.fromEntries(
      portico
        .federation()
        .status()
        .map((s) => [s.name, s]),
    );
    expect(status.apps?.state).toBe('connected');
    expect(status.apps?.protocolVersion).toBe('2025-11-25');
    expect(status.apps26?.state).toBe('connected');
    expect(status.apps26?.protocolVersion).toBe('2026-07-28');
    const client = await connectKind('v2-legacy', portico.mcpUrl);
    try {
      const eras = [];
      for (const server of ['apps', 'apps26']) {
        const r = (await client.callTool(`${server}.protocol`, {})) as { content: { text: string }[] };
        eras.push(r.content[0]?.text);
      }
      expect(eras).toEqual(['legacy', 'modern']);
    } finally {
      await client.close();
    }
  });

  for (const kind of CLIENT_KINDS) {
    it(`${kind}: _meta.ui.resourceUri of the listing and the result is the published URI, readable through Portico`, async () => {
      const client = await connectKind(kind, portico.mcpUrl);
      try {
        const tool = (await client.listTools()).tools.find((t) => t.name === 'apps.show_clock') as
          | { _meta?: Record<string, unknown> }
          | undefined;
        expect(tool?._meta?.ui).toEqual({ resourceUri: APP_URI });
        expect(tool?._meta?.['ui/resourceUri']).toBe(APP_URI);
        const result = (await client.callTool('apps.show_clock', {})) as { _meta?: Record<string, unknown> };
        expect(result._meta?.ui).toEqual({ resourceUri: APP_URI });
        expect(result._meta?.other).toBe('kept');
        const read = await client.readResource(APP_URI);
        expect(read.contents).toEqual([
          { uri: APP_URI, mimeType: 'text/html;profile=mcp-app', text: '<p>clock</p>' },
        ]);
      } finally {
        await client.close();
      }
    });
  }

  for (const era of ['legacy', 'modern'] as const) {
    it(`${era} client: subscriptions and list_changed of the 2026-07-28-only upstream (subscriptions/listen upstream)`, async () => {
      const client: Client = await connectClient(portico.mcpUrl, era);
      const updated: string[] = [];
      let changed = 0;
      client.setNotificationHandler(
        'notifications/resources/updated',
        (n) => void updated.push(n.params.uri),
      );
      client.setNotificationHandler('notifications/resources/list_changed', () => void changed++);
      try {
        const uri = 'portico:apps26/clock://now';
        if (era === 'legacy') await client.subscribeResource({ uri });
        else await client.listen({ resourceSubscriptions: [uri], resourcesListChanged: true });
        await client.callTool({ name: 'apps26.tick', arguments: {} });
        await vi.waitFor(() => expect(updated).toEqual([uri]), { timeout: 10_000 });
        await client.callTool({ name: 'apps26.add_page', arguments: {} });
        await vi.waitFor(() => expect(changed).toBeGreaterThan(0), { timeout: 10_000 });
        await vi.waitFor(async () =>
          expect((await client.listResources()).resources.map((r) => r.uri)).toContain(
            'portico:apps26/clock://page/1',
          ),
        );
      } finally {
        await client.close();
      }
    });
  }
});
