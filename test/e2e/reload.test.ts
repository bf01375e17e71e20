import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Client } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { PorticoInstance } from '../../src/runtime/index.js';
import { connectClient, type Era } from '../support/clients.js';
import { type FaultUpstream, startFaultUpstream } from '../support/fault-upstream.js';
import { startTestPortico } from '../support/portico.js';

const fixture = fileURLToPath(new URL('../fixtures/faults.yaml', import.meta.url));

const NEW_OP = `
      get_item_again:
        path: /items/{id}
        description: A tool added by hot reload.
        arguments:
          id: { type: string }
`;

describe('hot reload', () => {
  let upstream: FaultUpstream;
  let portico: PorticoInstance;
  let file: string;
  const clients: Partial<Record<Era, Client>> = {};
  const changed: Record<Era, string[][]> = { modern: [], legacy: [] };

  beforeAll(async () => {
    upstream = await startFaultUpstream();
    file = join(mkdtempSync(join(tmpdir(), 'portico-reload-')), 'portico.yaml');
    copyFileSync(fixture, file);
    portico = await startTestPortico(file, { FAULT_URL: upstream.url }, { watch: true });
    for (const era of ['modern', 'legacy'] as const) {
      clients[era] = await connectClient(portico.mcpUrl, era, undefined, {
        listChanged: {
          tools: {
            debounceMs: 0,
            onChanged: (_err, tools) => changed[era].push((tools ?? []).map((t) => t.name)),
          },
        },
      });
    }
  });
  afterAll(async () => {
    for (const c of Object.values(clients)) await c?.close();
    await portico.close();
    await upstream.close();
  });

  it('adds a tool on a valid edit and notifies clients of both eras', async () => {
    const before = await clients.modern!.listTools();
    expect(before.tools.map((t) => t.name)).not.toContain('get_item_again');
    const text = readFileSync(file, 'utf8').replace(
      '    operations:\n',
      `    operations:\n${NEW_OP.slice(1)}`,
    );
    writeFileSync(file, text);
    for (const era of ['modern', 'legacy'] as const) {
      await vi.waitFor(() => expect(changed[era].flat()).toContain('get_item_again'), { timeout: 10_000 });
    }
    const r = await clients.legacy!.callTool({ name: 'get_item_again', arguments: { id: 'z' } });
    expect(r.structuredContent).toMatchObject({ id: 'z' });
  });

  it('keeps the old catalogue serving on an invalid edit and reports where it is wrong', async () => {
    const revision = portico.gateway.revision;
    writeFileSync(file, readFileSync(file, 'utf8').replace('method: POST', 'method: FETCH'));
    await vi.waitFor(
      async () => {
        const health = (await (await fetch(`${portico.url}/healthz`)).json()) as {
          lastReloadError?: { message: string };
        };
        expect(health.lastReloadError?.message).toMatch(/portico\.yaml:\d+:\d+ .*method.*FETCH/);
      },
      { timeout: 10_000 },
    );
    expect(portico.gateway.revision).toBe(revision);
    const r = await clients.modern!.callTool({ name: 'get_item', arguments: { id: 'still' } });
    expect(r.structuredContent).toMatchObject({ id: 'still' });
  });

  it('reloads on demand (what SIGHUP does) once the file is fixed', async () => {
    writeFileSync(file, readFileSync(file, 'utf8').replace('method: FETCH', 'method: POST'));
    expect(await portico.reload()).toBe(true);
    expect(portico.catalog.lastError).toBeUndefined();
  });
});
