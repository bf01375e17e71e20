import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { PorticoInstance } from '../../src/runtime/index.js';
import { type SubscribeFixture, startSubscribeFixture } from '../fixtures/mcp/subscribe-server.js';
import { connectClient } from '../support/clients.js';
import { startTestPortico } from '../support/portico.js';

const TOKEN = 'portico-service-token';
const KEYS = { north: 'north-upstream-key', south: 'south-upstream-key' } as const;
type Tenant = keyof typeof KEYS;
type Era = 'modern' | 'legacy';
const ERAS: readonly Era[] = ['modern', 'legacy'];

/** A Portico client of one tenant (of the upstream's era), with the updates it received. */
interface Subscriber {
  client: Client;
  updated: string[];
  subscribe(uri: string): Promise<void>;
  unsubscribe(uri: string): Promise<void>;
}

async function subscriber(mcpUrl: string, token: string, era: Era): Promise<Subscriber> {
  const client = await connectClient(mcpUrl, era, { Authorization: `Bearer ${token}` });
  const updated: string[] = [];
  client.setNotificationHandler('notifications/resources/updated', (n) => void updated.push(n.params.uri));
  if (era === 'legacy') {
    return {
      client,
      updated,
      subscribe: async (uri) => void (await client.subscribeResource({ uri })),
      unsubscribe: async (uri) => void (await client.unsubscribeResource({ uri })),
    };
  }
  const listens = new Map<string, { close(): Promise<void> }>();
  return {
    client,
    updated,
    subscribe: async (uri) => {
      const sub = await client.listen({ resourceSubscriptions: [uri] });
      expect(sub.honoredFilter.resourceSubscriptions).toEqual([uri]);
      listens.set(uri, sub);
    },
    unsubscribe: async (uri) => {
      await listens.get(uri)?.close();
      listens.delete(uri);
    },
  };
}

/** The subscribes `fixture` received for `uri` (not its unsubscribes). */
const subscribesOf = (fixture: SubscribeFixture, uri: string) =>
  fixture.subscribes.filter((r) => r.uris.includes(uri) && r.method !== 'resources/unsubscribe');

describe('resource subscriptions of an HTTP server with tenant_credential survive a reconnect with the same credential', () => {
  let portico: PorticoInstance;
  /** One upstream server per federated server (`modern`, `modernshared`, `legacy`, `legacyshared`). */
  const upstream: Record<string, SubscribeFixture> = {};
  const subs = {} as Record<Era, Record<Tenant, Subscriber>>;
  const eraOf = (server: string): Era => (server.startsWith('modern') ? 'modern' : 'legacy');

  const start = (server: string, port?: number) =>
    startSubscribeFixture({
      era: eraOf(server),
      token: TOKEN,
      credentialHeader: 'X-Upstream-Key',
      credentials: Object.values(KEYS),
      ...(port !== undefined ? { port } : {}),
    });

  /**
   * Stop the upstream server, let `tenant` call it while it is down (the call fails and Portico
   * drops its connection to `server`), and start it again on the same port: Portico reconnects.
   */
  async function restart(server: string, tenant: Tenant): Promise<SubscribeFixture> {
    const old = upstream[server]!;
    await old.close();
    const down = await subs[eraOf(server)][tenant].client.callTool({ name: `${server}.ping`, arguments: {} });
    expect(down.isError).toBe(true);
    const again = await start(server, old.port);
    upstream[server] = again;
    return again;
  }

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'portico-subcred-'));
    const file = join(dir, 'portico.yaml');
    const lines = ['mcp_servers:'];
    for (const era of ERAS) {
      for (const isolation of ['per_tenant', 'shared'] as const) {
        const server = `${era}${isolation === 'shared' ? 'shared' : ''}`;
        upstream[server] = await start(server);
        lines.push(
          `  ${server}:`,
          `    url: ${upstream[server].url}`,
          `    bearer: ${TOKEN}`,
          `    isolation: ${isolation}`,
          '    tenant_credential: { header: X-Upstream-Key }',
        );
      }
    }
    writeFileSync(file, `${lines.join('\n')}\n`);
    portico = await startTestPortico(file, {}, { noAuth: false });
    const { access, secrets } = portico.security;
    for (const era of ERAS) subs[era] = {} as Record<Tenant, Subscriber>;
    for (const tenant of Object.keys(KEYS) as Tenant[]) {
      await access.createTenant({ id: tenant, name: `${tenant} Ltd` });
      const { secret } = await access.createToken({
        tenantId: tenant,
        label: `${tenant}-laptop`,
        scopes: ['mcp.tools.discovery', 'mcp.tools.invoke', 'mcp.tools.write'],
      });
      for (const server of Object.keys(upstream)) await secrets.set(tenant, server, KEYS[tenant]);
      for (const era of ERAS) subs[era][tenant] = await subscriber(portico.mcpUrl, secret, era);
    }
  }, 60_000);

  afterAll(async () => {
    for (const era of ERAS) for (const s of Object.values(subs[era] ?? {})) await s.client.close();
    await portico?.close();
    for (const f of Object.values(upstream)) await f.close();
  });

  for (const era of ERAS) {
    const wire = era === 'modern' ? 'subscriptions/listen' : 'resources/subscribe';
    it(`per_tenant, ${era === 'modern' ? '2026-07-28' : '2025-11-25'} server: the ${wire} made again after a reconnect carries the tenant's credential, and updates still arrive`, async () => {
      const uri = 'watch://alpha';
      const server = era;
      const published = `portico:${server}/${uri}`;
      const north = subs[era].north;
      await north.subscribe(published);
      expect(subscribesOf(upstream[server]!, uri)).toEqual([
        { method: wire, uris: [uri], credential: KEYS.north, accepted: true },
      ]);
      upstream[server]!.update(uri);
      await vi.waitFor(() => expect(north.updated).toEqual([published]), { timeout: 10_000 });

      const again = await restart(server, 'north');
      await vi.waitFor(() => expect(subscribesOf(again, uri).length).toBeGreaterThan(0), { timeout: 10_000 });
      expect(subscribesOf(again, uri)).toEqual([
        { method: wire, uris: [uri], credential: KEYS.north, accepted: true },
      ]);
      north.updated.length = 0;
      again.update(uri);
      await vi.waitFor(() => expect(north.updated).toEqual([published]), { timeout: 10_000 });
      // The other tenant, not subscribed, got nothing.
      expect(subs[era].south.updated).toEqual([]);
      await north.unsubscribe(published);
      if (era === 'legacy') {
        // Ended upstream with the same credential.
        await vi.waitFor(() =>
          expect(again.subscribes.filter((r) => r.method === 'resources/unsubscribe')).toEqual([
            { method: 'resources/unsubscribe', uris: [uri], credential: KEYS.north, accepted: true },
          ]),
        );
      }
    });
  }

  it('per_tenant, 2026-07-28 server restarted with no request to notice: the subscriptions/listen stream it ended is opened again with the tenant’s credential', async () => {
    const uri = 'watch://beta';
    const published = `portico:modern/${uri}`;
    const north = subs.modern.north;
    await north.subscribe(published);
    const old = upstream.modern!;
    await old.close();
    const again = await start('modern', old.port);
    upstream.modern = again;
    await vi.waitFor(() => expect(subscribesOf(again, uri).length).toBeGreaterThan(0), { timeout: 10_000 });
    expect(subscribesOf(again, uri)).toEqual([
      { method: 'subscriptions/listen', uris: [uri], credential: KEYS.north, accepted: true },
    ]);
    north.updated.length = 0;
    again.update(uri);
    await vi.waitFor(() => expect(north.updated).toEqual([published]), { timeout: 10_000 });
    await north.unsubscribe(published);
  });

  for (const era of ERAS) {
    const wire = era === 'modern' ? 'subscriptions/listen' : 'resources/subscribe';
    it(`shared, ${era === 'modern' ? '2026-07-28' : '2025-11-25'} server: made again with the oldest remaining holder's credential only`, async () => {
      const uri = 'watch://beta';
      const server = `${era}shared`;
      const published = `portico:${server}/${uri}`;
      const { north, south } = subs[era];
      await north.subscribe(published);
      await south.subscribe(published);
      // One upstream subscription for both holders, made with the first one's credential.
      expect(subscribesOf(upstream[server]!, uri)).toEqual([
        { method: wire, uris: [uri], credential: KEYS.north, accepted: true },
      ]);

      let again = await restart(server, 'north');
      await vi.waitFor(() => expect(subscribesOf(again, uri).length).toBeGreaterThan(0), { timeout: 10_000 });
      expect(subscribesOf(again, uri)).toEqual([
        { method: wire, uris: [uri], credential: KEYS.north, accepted: true },
      ]);

      // North lets go; south still holds it. The next reconnect subscribes with south's credential.
      await north.unsubscribe(published);
      again = await restart(server, 'south');
      await vi.waitFor(() => expect(subscribesOf(again, uri).length).toBeGreaterThan(0), { timeout: 10_000 });
      expect(subscribesOf(again, uri)).toEqual([
        { method: wire, uris: [uri], credential: KEYS.south, accepted: true },
      ]);
      north.updated.length = 0;
      south.updated.length = 0;
      again.update(uri);
      await vi.waitFor(() => expect(south.updated).toEqual([published]), { timeout: 10_000 });
      expect(north.updated).toEqual([]);
      await south.unsubscribe(published);
    });
  }
  it('per_tenant, 2025-11-25 server restarted with no request to notice: the session it no longer knows is replaced and resources/subscribe made again with the tenant’s credential', async () => {
    const uri = 'watch://beta';
    const published = `portico:legacy/${uri}`;
    const north = subs.legacy.north;
    await north.subscribe(published);
    const old = upstream.legacy!;
    await old.close();
    // Up again before the SDK reopens the session's GET stream: the server answers it 404.
    const again = await start('legacy', old.port);
    upstream.legacy = again;
    await vi.waitFor(() => expect(subscribesOf(again, uri).length).toBeGreaterThan(0), { timeout: 10_000 });
    expect(subscribesOf(again, uri)).toEqual([
      { method: 'resources/subscribe', uris: [uri], credential: KEYS.north, accepted: true },
    ]);
    north.updated.length = 0;
    again.update(uri);
    await vi.waitFor(() => expect(north.updated).toEqual([published]), { timeout: 10_000 });
    await north.unsubscribe(published);
  });

  it('shared, 2025-11-25 server down until the SDK gives up reopening its GET stream: Portico reconnects once it is back and subscribes again', async () => {
    const uri = 'watch://alpha';
    const published = `portico:legacyshared/${uri}`;
    const south = subs.legacy.south;
    await south.subscribe(published);
    const old = upstream.legacyshared!;
    await old.close();
    await vi.waitFor(
      () =>
        expect(
          portico
            .federation()
            .status()
            .find((x) => x.name === 'legacyshared')?.state,
        ).toBe('failed'),
      { timeout: 15_000 },
    );
    const again = await start('legacyshared', old.port);
    upstream.legacyshared = again;
    await vi.waitFor(() => expect(subscribesOf(again, uri).length).toBeGreaterThan(0), { timeout: 15_000 });
    expect(subscribesOf(again, uri)).toEqual([
      { method: 'resources/subscribe', uris: [uri], credential: KEYS.south, accepted: true },
    ]);
    south.updated.length = 0;
    again.update(uri);
    await vi.waitFor(() => expect(south.updated).toEqual([published]), { timeout: 10_000 });
    await south.unsubscribe(published);
  }, 40_000);
});
