// Notifications of federated servers outside calls and on shared servers, through Portico, with
// real SDK clients: log messages (server-everything's simulated logging), a tenant instance's tool
// list changes and URL elicitation completions (the stdio fixture), tenant isolation of all three.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Client } from '@modelcontextprotocol/client';
import { Client as V1Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport as V1Transport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { LoggingMessageNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { PorticoInstance } from '../../src/runtime/index.js';
import { connectClient } from '../support/clients.js';
import { startTestPortico } from '../support/portico.js';
import { freshReferenceState, REFERENCE_ENTRIES } from '../support/reference-servers.js';

const STDIO = fileURLToPath(new URL('../fixtures/mcp/stdio-server.ts', import.meta.url));
const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TOGGLE_LOGS = 'everything.toggle-simulated-logging';
const WAIT = { timeout: 15_000, interval: 50 };

/** What one client received. */
interface Received {
  logs: string[];
  toolsChanged: number;
  completed: string[];
}

const received = (): Received => ({ logs: [], toolsChanged: 0, completed: [] });

async function v2(
  url: string,
  token: string,
  era: 'legacy' | 'modern',
): Promise<{ client: Client; got: Received }> {
  // Declaring URL elicitation lets Portico send it notifications/elicitation/complete.
  const client = await connectClient(
    url,
    era,
    { Authorization: `Bearer ${token}` },
    era === 'legacy' ? { capabilities: { elicitation: { url: {} } } } : {},
  );
  const got = received();
  client.setNotificationHandler('notifications/message', (n) => void got.logs.push(n.params.level));
  client.setNotificationHandler('notifications/tools/list_changed', () => void got.toolsChanged++);
  if (era === 'legacy') {
    client.setNotificationHandler(
      'notifications/elicitation/complete',
      (n) => void got.completed.push(n.params.elicitationId),
    );
  } else {
    // 2026-07-28: everything arrives on subscriptions/listen streams.
    await client.listen({ toolsListChanged: true, resourcesListChanged: true, promptsListChanged: true });
  }
  return { client, got };
}

async function v1(url: string, token: string): Promise<{ client: V1Client; got: Received }> {
  const client = new V1Client({ name: 'notify-v1', version: '1.0.0' });
  await client.connect(
    new V1Transport(new URL(url), { requestInit: { headers: { Authorization: `Bearer ${token}` } } }),
  );
  const got = received();
  client.setNotificationHandler(LoggingMessageNotificationSchema, (n) => void got.logs.push(n.params.level));
  return { client, got };
}

describe('notifications of federated servers outside calls and on shared servers', () => {
  let portico: PorticoInstance;
  const tokens: Record<string, string> = {};
  const closing: Array<{ close(): Promise<void> }> = [];
  const legacy = async (tenant: string) => {
    const c = await v2(portico.mcpUrl, tokens[tenant]!, 'legacy');
    closing.push(c.client);
    return c;
  };
  const modern = async (tenant: string) => {
    const c = await v2(portico.mcpUrl, tokens[tenant]!, 'modern');
    closing.push(c.client);
    return c;
  };

  beforeAll(async () => {
    const state = freshReferenceState();
    const file = join(state.dir, 'portico.yaml');
    const everything = (isolation: string) => [
      `    command: ${JSON.stringify(process.execPath)}`,
      `    args: ${JSON.stringify([REFERENCE_ENTRIES.everything, 'stdio'])}`,
      `    isolation: ${isolation}`,
    ];
    writeFileSync(
      file,
      [
        'mcp_servers:',
        '  everything:',
        ...everything('per_tenant'),
        '  commons:',
        ...everything('shared'),
        '  fx:',
        `    command: ${JSON.stringify(process.execPath)}`,
        `    args: ${JSON.stringify(['--import', 'tsx', STDIO])}`,
        `    cwd: ${JSON.stringify(REPO_ROOT)}`,
        '    env: { FIXTURE_NOTIFY: "1" }',
        '',
      ].join('\n'),
    );
    portico = await startTestPortico(file, {}, { noAuth: false });
    for (const id of ['ann', 'bob', 'cy', 'dan', 'eve', 'vic', 'rio']) {
      await portico.security.access.createTenant({ id, name: `${id} Ltd` });
      const { secret } = await portico.security.access.createToken({
        tenantId: id,
        label: id,
        scopes: ['mcp.tools.discovery', 'mcp.tools.invoke', 'mcp.tools.write'],
      });
      tokens[id] = secret;
    }
  }, 60_000);

  afterAll(async () => {
    for (const c of closing) await c.close().catch(() => undefined);
    await portico?.close();
  });

  it('log messages a tenant instance sends between calls reach that tenant’s GET streams (v2 legacy, v1), at the level each session set; other tenants and 2026-07-28 listen streams get none', async () => {
    const eve = await legacy('eve');
    const vic = await modern('vic');
    // Two sessions of tenant ann: the quiet one asks for emergency only, then the other for debug
    // (the level the tenant's instance applies is the last one it was given).
    const quiet = await legacy('ann');
    await quiet.client.setLoggingLevel('emergency');
    const ann = await legacy('ann');
    await ann.client.setLoggingLevel('debug');
    const bob = await v1(portico.mcpUrl, tokens.bob!);
    closing.push(bob.client);
    await bob.client.setLoggingLevel('debug');
    // Each start sends one message during the call, then one every 5 s (between calls).
    await ann.client.callTool({ name: TOGGLE_LOGS, arguments: {} });
    await bob.client.callTool({ name: TOGGLE_LOGS, arguments: {} });
    const during = { ann: ann.got.logs.length, bob: bob.got.logs.length };
    try {
      await vi.waitFor(() => {
        expect(ann.got.logs.length).toBeGreaterThanOrEqual(during.ann + 2);
        expect(bob.got.logs.length).toBeGreaterThan(during.bob);
      }, WAIT);
    } finally {
      await ann.client.callTool({ name: TOGGLE_LOGS, arguments: {} });
      await bob.client.callTool({ name: TOGGLE_LOGS, arguments: {} });
    }
    expect(quiet.got.logs.every((l) => l === 'emergency')).toBe(true);
    expect(eve.got.logs).toEqual([]);
    expect(vic.got.logs).toEqual([]);
  }, 30_000);

  it('a shared server’s log message during a call reaches the one caller; between calls nobody gets it', async () => {
    const dan = await legacy('dan');
    const eve = await legacy('eve');
    await dan.client.callTool({ name: 'commons.toggle-simulated-logging', arguments: {} });
    try {
      // The message sent at once rode the call's own stream.
      expect(dan.got.logs.length).toBe(1);
      const after = dan.got.logs.length;
      // server-everything logs again every 5 s with no call running: such a message names no
      // tenant, so it is dropped (nobody's GET stream gets it).
      await new Promise((r) => setTimeout(r, 5_500));
      expect(dan.got.logs.length).toBe(after);
    } finally {
      await dan.client.callTool({ name: 'commons.toggle-simulated-logging', arguments: {} });
    }
    expect(eve.got.logs).toEqual([]);
  }, 30_000);

  it('a tenant instance’s tools/list_changed reaches that tenant’s listen (2026-07-28) and GET (2025-11-25) streams only', async () => {
    const cy = await modern('cy');
    const ann = await legacy('ann');
    const vic = await modern('vic');
    const eve = await legacy('eve');
    await cy.client.callTool({ name: 'fx.add_tool', arguments: { name: 'cy_tool', text: 'cy' } });
    await ann.client.callTool({ name: 'fx.add_tool', arguments: { name: 'ann_tool', text: 'ann' } });
    await vi.waitFor(() => {
      expect(cy.got.toolsChanged).toBe(1);
      expect(ann.got.toolsChanged).toBe(1);
    }, WAIT);
    // The observers' streams are ordered: a leaked change would arrive before their own.
    await vic.client.callTool({ name: 'fx.add_tool', arguments: { name: 'vic_tool', text: 'vic' } });
    await eve.client.callTool({ name: 'fx.add_tool', arguments: { name: 'eve_tool', text: 'eve' } });
    await vi.waitFor(() => {
      expect(vic.got.toolsChanged).toBeGreaterThan(0);
      expect(eve.got.toolsChanged).toBeGreaterThan(0);
    }, WAIT);
    expect(vic.got.toolsChanged).toBe(1);
    expect(eve.got.toolsChanged).toBe(1);
  }, 30_000);

  it('notifications/elicitation/complete reaches a 2025-11-25 caller: on the call’s stream during it, on its GET stream after it; never another tenant', async () => {
    const ann = await legacy('ann');
    const eve = await legacy('eve');
    const r = await ann.client.callTool({
      name: 'fx.complete_elicitation',
      arguments: { elicitation_id: 'during-call', after_ms: 0 },
    });
    expect(r.isError).toBeFalsy();
    expect(ann.got.completed).toEqual(['during-call']);
    await ann.client.callTool({
      name: 'fx.complete_elicitation',
      arguments: { elicitation_id: 'after-call', after_ms: 300 },
    });
    await vi.waitFor(() => expect(ann.got.completed).toEqual(['during-call', 'after-call']), WAIT);
    await eve.client.callTool({
      name: 'fx.complete_elicitation',
      arguments: { elicitation_id: 'eve-own', after_ms: 300 },
    });
    await vi.waitFor(() => expect(eve.got.completed).toEqual(['eve-own']), WAIT);
  }, 30_000);

  it('a 2025-11-25 client’s roots/list_changed reaches its tenant’s instance, whose roots/list outside calls is answered by that client on its GET stream (server-everything)', async () => {
    const roots = [{ uri: 'file:///first', name: 'first' }];
    const asked: string[] = [];
    const rio = await connectClient(
      portico.mcpUrl,
      'legacy',
      { Authorization: `Bearer ${tokens.rio}` },
      { capabilities: { roots: { listChanged: true } } },
    );
    closing.push(rio);
    rio.setRequestHandler('roots/list', async () => {
      asked.push(roots[0]!.uri);
      return { roots: [...roots] };
    });
    const eve = await connectClient(
      portico.mcpUrl,
      'legacy',
      { Authorization: `Bearer ${tokens.eve}` },
      { capabilities: { roots: { listChanged: true } } },
    );
    closing.push(eve);
    let eveAsked = 0;
    eve.setRequestHandler('roots/list', async () => {
      eveAsked++;
      return { roots: [] };
    });
    const listed = async () =>
      JSON.stringify((await rio.callTool({ name: 'everything.get-roots-list', arguments: {} })).content);
    // The first call asks for the roots during the call (server-everything caches them).
    expect(await listed()).toContain('file:///first');
    const before = asked.length;
    roots[0] = { uri: 'file:///second', name: 'second' };
    await rio.sendRootsListChanged();
    // server-everything asks again at once, outside any call: Portico relays it on rio's GET stream.
    await vi.waitFor(() => expect(asked.length).toBeGreaterThan(before), WAIT);
    await vi.waitFor(async () => expect(await listed()).toContain('file:///second'), WAIT);
    expect(eveAsked).toBe(0);
  }, 30_000);
});
