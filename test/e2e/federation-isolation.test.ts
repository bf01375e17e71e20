import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { PorticoInstance } from '../../src/runtime/index.js';
import { type HttpFixture, startHttpFixture } from '../fixtures/mcp/http-server.js';
import { startTestPortico } from '../support/portico.js';
import {
  type AnyClient,
  connectKind,
  freshReferenceState,
  REFERENCE_ENTRIES,
} from '../support/reference-servers.js';

type Result = { isError?: boolean; content: { type: string; text: string }[] };
const TENANTS = ['north', 'south', 'west'] as const;
type Tenant = (typeof TENANTS)[number];

const ENTITY = { entities: [{ name: 'NorthSecret', entityType: 'plan', observations: ['merger in May'] }] };

describe('tenant isolation of federated MCP servers', () => {
  let portico: PorticoInstance;
  let remote: HttpFixture;
  const clients = {} as Record<Tenant, AnyClient>;

  const call = async (tenant: Tenant, name: string, args: Record<string, unknown> = {}) =>
    (await clients[tenant].callTool(name, args)) as Result;
  const status = (name: string) =>
    portico
      .federation()
      .status()
      .find((s) => s.name === name)!;

  beforeAll(async () => {
    remote = await startHttpFixture({
      token: 'remote-secret',
      tools: [
        {
          tool: { name: 'whoami', inputSchema: { type: 'object', properties: {} } },
          run: () => ({ content: [{ type: 'text', text: 'ok' }] }),
        },
      ],
    });
    const state = freshReferenceState();
    const node = JSON.stringify(process.execPath);
    const memory = JSON.stringify([REFERENCE_ENTRIES.memory]);
    const file = join(state.dir, 'portico.yaml');
    writeFileSync(
      file,
      [
        'mcp_servers:',
        '  memory:',
        `    command: ${node}`,
        `    args: ${memory}`,
        `    env: { MEMORY_FILE_PATH: ${JSON.stringify(join(state.dir, 'memory-{tenant.id}.jsonl'))} }`,
        '  sharedmemory:',
        `    command: ${node}`,
        `    args: ${memory}`,
        `    env: { MEMORY_FILE_PATH: ${JSON.stringify(join(state.dir, 'shared.jsonl'))} }`,
        '    isolation: shared',
        '  capped:',
        `    command: ${node}`,
        `    args: ${memory}`,
        `    env: { MEMORY_FILE_PATH: ${JSON.stringify(join(state.dir, 'capped-{tenant.id}.jsonl'))} }`,
        '    max_tenants: 1',
        '  idle:',
        `    command: ${node}`,
        `    args: ${memory}`,
        `    env: { MEMORY_FILE_PATH: ${JSON.stringify(join(state.dir, 'idle-{tenant.id}.jsonl'))} }`,
        '    idle_timeout_ms: 200',
        '  remote:',
        `    url: ${remote.url}`,
        '    bearer: remote-secret',
        '    identity_headers: { X-Tenant: tenant.id, X-Token-Label: token.label }',
        '    tenant_credential: { header: X-Upstream-Key }',
        '  remoteshared:',
        `    url: ${remote.url}`,
        '    bearer: remote-secret',
        '    isolation: shared',
        '    identity_headers: { X-Tenant: tenant.id }',
        '',
      ].join('\n'),
    );
    portico = await startTestPortico(file, { REMOTE_URL: remote.url }, { noAuth: false });
    const { access, secrets } = portico.security;
    for (const id of TENANTS) {
      await access.createTenant({ id, name: `${id} Ltd` });
      const { secret } = await access.createToken({
        tenantId: id,
        label: `${id}-laptop`,
        scopes: ['mcp.tools.discovery', 'mcp.tools.invoke', 'mcp.tools.write'],
      });
      clients[id] = await connectKind('v2-2026-07-28', portico.mcpUrl, { Authorization: `Bearer ${secret}` });
    }
    await secrets.set('north', 'remote', 'north-upstream-key');
    await secrets.set('south', 'remote', 'south-upstream-key');
  }, 60_000);

  afterAll(async () => {
    for (const c of Object.values(clients)) await c.close();
    await portico?.close();
    await remote?.close();
  });

  it('per_tenant (the default): tenant south cannot see what north stored on server-memory', async () => {
    expect(status('memory').isolation).toBe('per_tenant');
    expect((await call('north', 'memory.create_entities', ENTITY)).isError).toBeFalsy();
    const north = await call('north', 'memory.search_nodes', { query: 'merger' });
    expect(north.content[0]!.text).toContain('NorthSecret');
    for (const probe of [
      await call('south', 'memory.search_nodes', { query: 'merger' }),
      await call('south', 'memory.read_graph'),
      await call('south', 'memory.open_nodes', { names: ['NorthSecret'] }),
    ]) {
      expect(probe.isError).toBeFalsy();
      expect(probe.content[0]!.text).not.toContain('NorthSecret');
    }
    expect(status('memory').tenants).toBe(2);
  });

  it('resources/read goes to the caller’s own instance too', async () => {
    const uri = 'portico:memory/memory://knowledge-graph';
    const text = async (tenant: Tenant) => JSON.stringify((await clients[tenant].readResource(uri)).contents);
    expect(await text('north')).toContain('NorthSecret');
    expect(await text('south')).not.toContain('NorthSecret');
  });

  it('listing resources needs discovery, reading them needs invoke', async () => {
    const { secret } = await portico.security.access.createToken({
      tenantId: 'north',
      label: 'north-discovery',
      scopes: ['mcp.tools.discovery'],
    });
    const client = await connectKind('v2-legacy', portico.mcpUrl, { Authorization: `Bearer ${secret}` });
    try {
      expect((await client.listResources()).resources.map((r) => r.uri)).toContain(
        'portico:memory/memory://knowledge-graph',
      );
      await expect(client.readResource('portico:memory/memory://knowledge-graph')).rejects.toThrow(
        /mcp\.tools\.invoke/,
      );
    } finally {
      await client.close();
    }
  });

  it('shared (explicit opt-in) is one server for every tenant: south sees north’s entity', async () => {
    expect(status('sharedmemory').isolation).toBe('shared');
    await call('north', 'sharedmemory.create_entities', ENTITY);
    const south = await call('south', 'sharedmemory.search_nodes', { query: 'merger' });
    expect(south.content[0]!.text).toContain('NorthSecret');
  });

  it('bounds tenant instances with a clear error naming the setting', async () => {
    expect((await call('north', 'capped.read_graph')).isError).toBeFalsy();
    const south = await call('south', 'capped.read_graph');
    expect(south.isError).toBe(true);
    expect(south.content[0]!.text).toMatch(
      /already runs an instance for 1 other tenants \(mcp_servers\.capped\.max_tenants\).*raise mcp_servers\.capped\.max_tenants/,
    );
    expect((await call('north', 'capped.read_graph')).isError).toBeFalsy();
    expect(status('capped').tenants).toBe(1);
  });

  it('stops an idle tenant instance and starts it again on the next call, with its data', async () => {
    expect((await call('north', 'idle.create_entities', ENTITY)).isError).toBeFalsy();
    await vi.waitFor(() => expect(status('idle').tenants).toBe(0), { timeout: 10_000 });
    const again = await call('north', 'idle.search_nodes', { query: 'merger' });
    expect(again.content[0]!.text).toContain('NorthSecret');
  });

  it('sends each tenant’s identity headers and own credential to an HTTP server', async () => {
    remote.seen.length = 0;
    expect((await call('north', 'remote.whoami')).isError).toBeFalsy();
    expect((await call('south', 'remote.whoami')).isError).toBeFalsy();
    const calls = remote.seen.filter((h) => h['x-tenant'] !== undefined);
    expect(calls).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          'x-tenant': 'north',
          'x-token-label': 'north-laptop',
          'x-upstream-key': 'north-upstream-key',
        }),
        expect.objectContaining({
          'x-tenant': 'south',
          'x-token-label': 'south-laptop',
          'x-upstream-key': 'south-upstream-key',
        }),
      ]),
    );
    expect(
      calls.every((h) => (h['x-tenant'] === 'north') === (h['x-upstream-key'] === 'north-upstream-key')),
    ).toBe(true);
    const missing = await call('west', 'remote.whoami');
    expect(missing.isError).toBe(true);
    expect(missing.content[0]!.text).toMatch(/portico tenants secret set west remote/);
  });

  it('shared HTTP servers still receive the caller’s identity per call', async () => {
    remote.seen.length = 0;
    await call('west', 'remoteshared.whoami');
    await call('north', 'remoteshared.whoami');
    const tenants = remote.seen.map((h) => h['x-tenant']).filter((t) => t !== undefined);
    expect(tenants).toEqual(expect.arrayContaining(['west', 'north']));
  });
});
