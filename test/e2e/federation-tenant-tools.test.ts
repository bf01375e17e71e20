// A `per_tenant` server whose instance for one tenant lists other tools than the listing instance
// (the stdio fixture's `add_tool`): that tenant lists and calls its instance's tools, with SDK
// clients of both eras; another tenant is served the listing's tools; when the instance stops
// (idle), the tenant is back on the listing's tools and is told so.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Client } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { PorticoInstance } from '../../src/runtime/index.js';
import { connectClient, type Era } from '../support/clients.js';
import { startTestPortico } from '../support/portico.js';

const STDIO = fileURLToPath(new URL('../fixtures/mcp/stdio-server.ts', import.meta.url));
const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const WAIT = { timeout: 15_000, interval: 50 };

interface Session {
  client: Client;
  /** notifications/tools/list_changed received. */
  changed: number;
}

/** The names `client` lists of one server's tools. */
const names = async (client: Client, server = 'fx') =>
  (await client.listTools()).tools
    .map((t) => t.name)
    .filter((n) => n.startsWith(`${server}.`))
    .sort();
const text = (r: unknown) => (r as { content: { type: string; text: string }[] }).content[0]?.text;
/** What `search_tools` of a search view finds for `query`. */
const found = async (client: Client, query: string) => {
  const r = await client.callTool({ name: 'search_tools', arguments: { query, limit: 50 } });
  return (r.structuredContent as { tools: { name: string }[] }).tools.map((t) => t.name);
};

describe("a tenant instance's own tool list", () => {
  let portico: PorticoInstance;
  const tokens: Record<string, string> = {};
  const closing: Client[] = [];

  const session = async (tenant: string, era: Era, view = ''): Promise<Session> => {
    const client = await connectClient(`${portico.mcpUrl}${view}`, era, {
      Authorization: `Bearer ${tokens[tenant]}`,
    });
    closing.push(client);
    const s: Session = { client, changed: 0 };
    client.setNotificationHandler('notifications/tools/list_changed', () => void s.changed++);
    // 2026-07-28: list changes arrive on a subscriptions/listen stream; 2025-11-25: on the GET stream.
    if (era === 'modern') await client.listen({ toolsListChanged: true });
    return s;
  };

  beforeAll(async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'portico-tenant-tools-')), 'portico.yaml');
    writeFileSync(
      file,
      [
        'mcp_servers:',
        '  fx:',
        `    command: ${JSON.stringify(process.execPath)}`,
        `    args: ${JSON.stringify(['--import', 'tsx', STDIO])}`,
        `    cwd: ${JSON.stringify(REPO_ROOT)}`,
        '    isolation: per_tenant',
        // Kept running by a call in flight while the test looks; stops soon after it ends.
        '    idle_timeout_ms: 300',
        // Each tenant's instance lists its own `for_<tenant>` instead of the listing's `for__catalog`.
        '  own:',
        `    command: ${JSON.stringify(process.execPath)}`,
        `    args: ${JSON.stringify(['--import', 'tsx', STDIO])}`,
        `    cwd: ${JSON.stringify(REPO_ROOT)}`,
        '    env: { FIXTURE_TENANT_TOOL: "{tenant.id}" }',
        'views:',
        '  find:',
        '    surface: search',
        '',
      ].join('\n'),
    );
    portico = await startTestPortico(file, {}, { noAuth: false });
    for (const id of ['ann', 'bob']) {
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

  it('is listed and called by its tenant (both eras), not by another; after the instance stops, the tenant lists the listing’s tools again', async () => {
    const modern = await session('ann', 'modern');
    const legacy = await session('ann', 'legacy');
    const other = await session('bob', 'legacy');
    const search = await session('ann', 'legacy', '/find');
    const otherSearch = await session('bob', 'modern', '/find');
    const listing = await names(other.client);
    expect(listing).toContain('fx.add_tool');
    expect(await names(modern.client)).toEqual(listing);

    // A call in flight keeps ann's instance running (idle_timeout_ms counts from the last call's end).
    const hold = new AbortController();
    let before = { modern: 0, legacy: 0 };
    const held = modern.client
      .callTool(
        { name: 'fx.slow', arguments: { steps: 1, delay_ms: 600_000 } },
        { signal: hold.signal, timeout: 600_000 },
      )
      .catch(() => undefined);
    try {
      const added = await legacy.client.callTool({
        name: 'fx.add_tool',
        arguments: { name: 'ann_tool', text: 'from ann’s instance' },
      });
      expect(text(added)).toBe('added ann_tool');
      // The instance's tools/list_changed reaches both of ann's sessions.
      await vi.waitFor(() => {
        expect(modern.changed).toBeGreaterThan(0);
        expect(legacy.changed).toBeGreaterThan(0);
      }, WAIT);

      for (const s of [modern, legacy]) {
        expect(await names(s.client)).toEqual([...listing, 'fx.ann_tool'].sort());
        const r = await s.client.callTool({ name: 'fx.ann_tool', arguments: {} });
        expect(r.isError).not.toBe(true);
        expect(text(r)).toBe('from ann’s instance');
      }

      // The search view finds it (search_tools) and runs it (call_tool).
      expect(await found(search.client, 'added at runtime')).toContain('fx.ann_tool');
      const viaSearch = await search.client.callTool({
        name: 'call_tool',
        arguments: { name: 'fx.ann_tool', arguments: {} },
      });
      expect(text(viaSearch)).toBe('from ann’s instance');

      // bob is served the listing's tools: ann's tool is neither listed, found nor callable.
      expect(await names(other.client)).toEqual(listing);
      expect(await found(otherSearch.client, 'added at runtime')).not.toContain('fx.ann_tool');
      const refused = await otherSearch.client.callTool({
        name: 'call_tool',
        arguments: { name: 'fx.ann_tool', arguments: {} },
      });
      expect(refused.isError).toBe(true);
      await expect(other.client.callTool({ name: 'fx.ann_tool', arguments: {} })).rejects.toThrow(
        /Unknown tool "fx\.ann_tool"/,
      );
      expect(portico.federation().tenantTools('bob')).toBeUndefined();
    } finally {
      before = { modern: modern.changed, legacy: legacy.changed };
      hold.abort();
      await held;
    }

    // The instance stops once idle: ann lists the listing's tools again and is told so.
    await vi.waitFor(async () => expect(await names(modern.client)).toEqual(listing), WAIT);
    expect(await names(legacy.client)).toEqual(listing);
    await expect(modern.client.callTool({ name: 'fx.ann_tool', arguments: {} })).rejects.toThrow(
      /Unknown tool "fx\.ann_tool"/,
    );
    await vi.waitFor(() => {
      expect(modern.changed).toBeGreaterThan(before.modern);
      expect(legacy.changed).toBeGreaterThan(before.legacy);
    }, WAIT);
    expect(other.changed).toBe(0);
  }, 60_000);

  it('is what a tenant lists from its instance’s first listing on, when that differs from the listing’s (a tool added, one removed), and it is told so', async () => {
    const modern = await session('bob', 'modern');
    const legacy = await session('bob', 'legacy');
    const other = await session('ann', 'legacy');
    expect(await names(modern.client, 'own')).toContain('own.for__catalog');
    expect(await names(legacy.client, 'own')).toContain('own.for__catalog');

    // bob's first call starts its instance, which lists for_bob instead of for__catalog.
    const echoed = await legacy.client.callTool({ name: 'own.echo', arguments: { text: 'hi' } });
    expect(echoed.isError).not.toBe(true);
    await vi.waitFor(() => {
      expect(modern.changed).toBeGreaterThan(0);
      expect(legacy.changed).toBeGreaterThan(0);
    }, WAIT);
    for (const s of [modern, legacy]) {
      const listed = await names(s.client, 'own');
      expect(listed).toContain('own.for_bob');
      expect(listed).not.toContain('own.for__catalog');
      expect(text(await s.client.callTool({ name: 'own.for_bob', arguments: {} }))).toBe('bob');
      await expect(s.client.callTool({ name: 'own.for__catalog', arguments: {} })).rejects.toThrow(
        /Unknown tool "own\.for__catalog"/,
      );
    }

    // ann, whose instance has not started, still lists the listing's tools.
    const annListed = await names(other.client, 'own');
    expect(annListed).toContain('own.for__catalog');
    expect(annListed).not.toContain('own.for_bob');
  }, 60_000);
});
