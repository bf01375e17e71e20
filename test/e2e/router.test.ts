import { fileURLToPath } from 'node:url';
import type { Client } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectClient } from '../support/clients.js';
import { type FaultUpstream, startFaultUpstream } from '../support/fault-upstream.js';
import { type InMemoryPortico, inMemoryPortico } from '../support/in-memory.js';

const config = fileURLToPath(new URL('../fixtures/router.yaml', import.meta.url));
type Result = { isError?: boolean; content: { text: string }[]; structuredContent?: Record<string, unknown> };

describe('namespaced names and the router surface', () => {
  let upstream: FaultUpstream;
  let portico: InMemoryPortico;
  let client: Client;
  let router: Client;
  beforeAll(async () => {
    upstream = await startFaultUpstream();
    // In memory: real SDK clients over `app.request`, the upstream on a socket.
    portico = await inMemoryPortico(config, { FAULT_URL: upstream.url });
    client = await connectClient(portico.mcpUrl, 'modern', undefined, {}, portico.fetch);
    router = await connectClient(`${portico.url}/mcp/accounts`, 'legacy', undefined, {}, portico.fetch);
  });
  afterAll(async () => {
    await client.close();
    await router.close();
    await portico.close();
    await upstream.close();
  });

  it('names tools provider.instance.base by default', async () => {
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toEqual([
      'auth0.core.account.get_by_id',
      'entra.cont.account.get_by_id',
      'ldap.av.account.get_by_email',
      'ldap.av.account.get_by_id',
      'whoami',
    ]);
  });

  it('publishes one router tool per base operation with a oneOf per provider', async () => {
    const { tools } = await router.listTools();
    const byId = tools.find((t) => t.name === 'account.get_by_id')!;
    expect(byId).toBeDefined();
    expect((byId.inputSchema as unknown as { oneOf: unknown[] }).oneOf).toHaveLength(3);
    expect(tools.map((t) => t.name)).toContain('account.get_by_email');
  });

  it('dispatches on provider and validates strictly against the chosen branch', async () => {
    const r = (await router.callTool({
      name: 'account.get_by_id',
      arguments: { provider: 'auth0', id: '42' },
    })) as Result;
    expect(r.isError).toBeFalsy();
    expect(r.structuredContent).toMatchObject({ id: 'auth0-42' });
    const noProvider = (await router.callTool({
      name: 'account.get_by_id',
      arguments: { id: '42' },
    })) as Result;
    expect(noProvider.isError).toBe(true);
    expect(noProvider.content[0]!.text).toMatch(/auth0.*entra.*ldap|entra.*auth0|provider/);
    const extra = (await router.callTool({
      name: 'account.get_by_id',
      arguments: { provider: 'ldap', id: '1', email: 'x@y' },
    })) as Result;
    expect(extra.isError).toBe(true);
  });
});
