// A reload is all or nothing: a config that passes the schema but fails when the catalogue is
// built (here: two systems publishing the same tool name) must not apply any of its settings —
// before the fix, its new limits applied while the old catalogue kept serving.
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Client } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PorticoInstance } from '../../src/runtime/index.js';
import { connectClient } from '../support/clients.js';
import { type FaultUpstream, startFaultUpstream } from '../support/fault-upstream.js';
import { startTestPortico } from '../support/portico.js';

const fixture = fileURLToPath(new URL('../fixtures/faults.yaml', import.meta.url));

/** A second system whose `get_item` collides with the fixture's under flat naming. */
const COLLIDING_SYSTEM = `
  faults_copy:
    base_url: \${FAULT_URL}
    operations:
      get_item:
        path: /items/{id}
        description: The same tool name again.
        arguments:
          id: { type: string }
`;

describe('reload builds first, then commits everything or nothing', () => {
  let upstream: FaultUpstream;
  let portico: PorticoInstance;
  let client: Client;
  let file: string;
  let original: string;

  const call = async (id: string) => client.callTool({ name: 'get_item', arguments: { id } });
  const withLimit = (text: string) => `${text.trimEnd()}\nlimits:\n  tenant: 2/min\n`;

  beforeAll(async () => {
    upstream = await startFaultUpstream();
    file = join(mkdtempSync(join(tmpdir(), 'portico-reload-atomic-')), 'portico.yaml');
    copyFileSync(fixture, file);
    original = readFileSync(file, 'utf8');
    portico = await startTestPortico(file, { FAULT_URL: upstream.url });
    client = await connectClient(portico.mcpUrl, 'modern');
  });
  afterAll(async () => {
    await client?.close();
    await portico?.close();
    await upstream?.close();
  });

  it('a config that fails at build time applies none of its settings', async () => {
    const revision = portico.gateway.revision;
    const broken = withLimit(original.replace('systems:\n', `systems:${COLLIDING_SYSTEM}`));
    writeFileSync(file, broken);
    expect(await portico.reload()).toBe(false);

    const health = (await (await fetch(`${portico.url}/healthz`)).json()) as {
      lastReloadError?: { message: string };
    };
    expect(health.lastReloadError?.message).toMatch(/get_item/);
    expect(portico.gateway.revision).toBe(revision);
    // The new 2/min tenant limit must not apply: the old settings serve with the old catalogue.
    for (let i = 0; i < 5; i++) {
      const r = await call(`old-${i}`);
      expect(r.isError ?? false, JSON.stringify(r.content)).toBe(false);
    }
  });

  it('the same settings in a config that builds apply together with its catalogue', async () => {
    writeFileSync(file, withLimit(original));
    expect(await portico.reload()).toBe(true);
    const outcomes: string[] = [];
    for (let i = 0; i < 4; i++) {
      try {
        const r = await call(`new-${i}`);
        outcomes.push(r.isError ? 'error' : 'ok');
      } catch (err) {
        outcomes.push(/429|rate|limit/i.test(String(err)) ? 'limited' : String(err));
      }
    }
    expect(outcomes).toContain('limited');
  });
});
