// A federated server that changes only a tool's `_meta` (an MCP Apps UI resource, say) and says
// tools/list_changed: Portico's clients are told too (both eras), and list the new `_meta`.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Client, Tool } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { PorticoInstance } from '../../src/runtime/index.js';
import { connectClient, type Era } from '../support/clients.js';
import { startTestPortico } from '../support/portico.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const STDIO = fileURLToPath(new URL('../fixtures/mcp/stdio-server.ts', import.meta.url));

describe('a federated tool whose _meta alone changes', () => {
  let portico: PorticoInstance;
  const clients: Partial<Record<Era, Client>> = {};
  const seen: Record<Era, Tool[][]> = { modern: [], legacy: [] };

  beforeAll(async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'portico-meta-')), 'portico.yaml');
    writeFileSync(
      file,
      [
        'mcp_servers:',
        '  local:',
        `    command: ${JSON.stringify(process.execPath)}`,
        `    args: ["--import", "tsx", ${JSON.stringify(STDIO)}]`,
        `    cwd: ${JSON.stringify(REPO)}`,
        '    isolation: shared',
        '',
      ].join('\n'),
    );
    portico = await startTestPortico(file);
    for (const era of ['modern', 'legacy'] as const) {
      clients[era] = await connectClient(portico.mcpUrl, era, undefined, {
        listChanged: { tools: { debounceMs: 0, onChanged: (_err, tools) => seen[era].push(tools ?? []) } },
      });
    }
  });
  afterAll(async () => {
    for (const c of Object.values(clients)) await c?.close();
    await portico?.close();
  });

  const metaOf = (tools: Tool[] | undefined) => tools?.find((t) => t.name === 'local.app')?._meta?.v;

  it('tells clients of both eras and lists the new _meta', async () => {
    const client = clients.modern!;
    await client.callTool({ name: 'local.add_tool', arguments: { name: 'app', text: 'x', meta: { v: 1 } } });
    for (const era of ['modern', 'legacy'] as const) {
      await vi.waitFor(() => expect(metaOf(seen[era].at(-1))).toBe(1), { timeout: 10_000 });
    }
    await client.callTool({ name: 'local.add_tool', arguments: { name: 'app', text: 'x', meta: { v: 2 } } });
    for (const era of ['modern', 'legacy'] as const) {
      await vi.waitFor(() => expect(metaOf(seen[era].at(-1))).toBe(2), { timeout: 10_000 });
    }
    expect(metaOf((await client.listTools()).tools)).toBe(2);
  });
});
