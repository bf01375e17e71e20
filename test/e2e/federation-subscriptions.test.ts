import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Client } from '@modelcontextprotocol/client';
import { Client as V1Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport as V1Transport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import {
  ResourceListChangedNotificationSchema,
  ResourceUpdatedNotificationSchema,
} from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { PorticoInstance } from '../../src/runtime/index.js';
import { connectClient } from '../support/clients.js';
import { startTestPortico } from '../support/portico.js';
import { freshReferenceState, referenceServersYaml } from '../support/reference-servers.js';

/** Two static resources of server-everything, as Portico publishes them. */
const NS = 'portico:everything/';
const ARCH = `${NS}demo://resource/static/document/architecture.md`;
const FEATURES = `${NS}demo://resource/static/document/features.md`;
const TENANTS = ['north', 'east', 'west', 'south', 'southeast'] as const;
type Tenant = (typeof TENANTS)[number];

/** One client of one kind, with what it received. */
interface Subscriber {
  updated: string[];
  listChanged: number;
  subscribe(uri: string): Promise<void>;
  unsubscribe(uri: string): Promise<void>;
  toggle(): Promise<unknown>;
  callTool(name: string, args: Record<string, unknown>): Promise<unknown>;
  close(): Promise<void>;
}

async function v2Subscriber(url: string, token: string, era: 'modern' | 'legacy'): Promise<Subscriber> {
  const client: Client = await connectClient(url, era, { Authorization: `Bearer ${token}` });
  const s: Subscriber = {
    updated: [],
    listChanged: 0,
    subscribe: async () => undefined,
    unsubscribe: async () => undefined,
    toggle: () => client.callTool({ name: 'everything.toggle-subscriber-updates', arguments: {} }),
    callTool: (name, args) => client.callTool({ name, arguments: args }),
    close: () => client.close(),
  };
  client.setNotificationHandler('notifications/resources/updated', (n) => void s.updated.push(n.params.uri));
  client.setNotificationHandler('notifications/resources/list_changed', () => void s.listChanged++);
  if (era === 'legacy') {
    s.subscribe = async (uri) => void (await client.subscribeResource({ uri }));
    s.unsubscribe = async (uri) => void (await client.unsubscribeResource({ uri }));
    return s;
  }
  // 2026-07-28: subscriptions travel on a subscriptions/listen stream.
  const listens = new Map<string, { close(): Promise<void> }>();
  await client.listen({ resourcesListChanged: true });
  s.subscribe = async (uri) => {
    const sub = await client.listen({ resourceSubscriptions: [uri] });
    expect(sub.honoredFilter.resourceSubscriptions).toEqual([uri]);
    listens.set(uri, sub);
  };
  s.unsubscribe = async (uri) => {
    await listens.get(uri)?.close();
    listens.delete(uri);
  };
  return s;
}

async function v1Subscriber(url: string, token: string): Promise<Subscriber> {
  const client = new V1Client({ name: 'subs-v1', version: '1.0.0' });
  await client.connect(
    new V1Transport(new URL(url), { requestInit: { headers: { Authorization: `Bearer ${token}` } } }),
  );
  const s: Subscriber = {
    updated: [],
    listChanged: 0,
    subscribe: async (uri) => void (await client.subscribeResource({ uri })),
    unsubscribe: async (uri) => void (await client.unsubscribeResource({ uri })),
    toggle: () => client.callTool({ name: 'everything.toggle-subscriber-updates', arguments: {} }),
    callTool: (name, args) => client.callTool({ name, arguments: args }),
    close: () => client.close(),
  };
  client.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => void s.updated.push(n.params.uri));
  client.setNotificationHandler(ResourceListChangedNotificationSchema, () => void s.listChanged++);
  return s;
}

describe('resource subscriptions and list_changed of a federated server (server-everything, per_tenant)', () => {
  let portico: PorticoInstance;
  const subs = {} as Record<Tenant, Subscriber>;
  /** Which client generation each tenant uses. */
  const kinds: Record<Tenant, string> = {
    north: 'v2 2026-07-28',
    east: 'v2 legacy (2025-11-25)',
    west: 'v1',
    south: 'v2 2026-07-28',
    southeast: 'v2 legacy (2025-11-25)',
  };

  beforeAll(async () => {
    const state = freshReferenceState();
    const file = join(state.dir, 'portico.yaml');
    const yaml = referenceServersYaml(state).filter((_line, i, all) => i < all.indexOf('  memory:'));
    writeFileSync(file, `${yaml.join('\n')}\n`);
    portico = await startTestPortico(file, {}, { noAuth: false });
    const { access } = portico.security;
    for (const id of TENANTS) {
      await access.createTenant({ id, name: `${id} Ltd` });
      const { secret } = await access.createToken({
        tenantId: id,
        label: `${id}-laptop`,
        scopes: ['mcp.tools.discovery', 'mcp.tools.invoke', 'mcp.tools.write'],
      });
      subs[id] =
        id === 'west'
          ? await v1Subscriber(portico.mcpUrl, secret)
          : await v2Subscriber(
              portico.mcpUrl,
              secret,
              id === 'east' || id === 'southeast' ? 'legacy' : 'modern',
            );
    }
  }, 60_000);

  afterAll(async () => {
    for (const s of Object.values(subs)) await s?.close();
    await portico?.close();
  });

  for (const tenant of ['north', 'east', 'west'] as const) {
    it(`${kinds[tenant]}: subscribes through Portico and gets notifications/resources/updated with the published URI`, async () => {
      const s = subs[tenant];
      await s.subscribe(ARCH);
      await s.toggle(); // server-everything sends an update for each subscribed URI at once, then every 5 s
      await vi.waitFor(() => expect(s.updated).toContain(ARCH), { timeout: 10_000 });
      expect(new Set(s.updated)).toEqual(new Set([ARCH]));
    });
  }

  for (const observer of ['south', 'southeast'] as const) {
    it(`${kinds[observer]}: tenant ${observer} never receives the updates of other tenants’ instances (same URI subscribed)`, async () => {
      const mine = subs[observer];
      await mine.subscribe(ARCH);
      // Each other tenant restarts its simulated updates while the observer is subscribed: their
      // instances each send an update for ARCH at once, before their toggle call returns.
      for (const other of ['north', 'east', 'west'] as const) {
        const before = subs[other].updated.length;
        await subs[other].toggle(); // stop
        await subs[other].toggle(); // start: one update at once
        await vi.waitFor(() => expect(subs[other].updated.length).toBeGreaterThan(before), {
          timeout: 10_000,
        });
      }
      // The observer's stream is ordered: a leaked update would arrive before the one its own
      // instance sends now.
      await mine.toggle();
      await vi.waitFor(() => expect(mine.updated.length).toBeGreaterThan(0), { timeout: 10_000 });
      expect(mine.updated).toEqual([ARCH]);
      await mine.toggle(); // stop the observer's simulated updates
    });
  }

  for (const tenant of ['north', 'east', 'west'] as const) {
    it(`${kinds[tenant]}: unsubscribing ends the upstream subscription`, async () => {
      const s = subs[tenant];
      await s.toggle(); // stop the 5-second updates
      await s.subscribe(FEATURES);
      await s.unsubscribe(ARCH);
      s.updated.length = 0;
      // Starting again sends one update per URI still subscribed, in subscription order: ARCH
      // (subscribed first) would come before FEATURES had it stayed subscribed upstream.
      await s.toggle();
      await vi.waitFor(() => expect(s.updated).toContain(FEATURES), { timeout: 10_000 });
      expect(s.updated[0]).toBe(FEATURES);
      expect(s.updated).not.toContain(ARCH);
      await s.toggle();
    });
  }

  for (const tenant of ['north', 'east', 'west'] as const) {
    it(`${kinds[tenant]}: receives notifications/resources/list_changed when its instance adds a resource`, async () => {
      const s = subs[tenant];
      const before = s.listChanged;
      const made = (await s.callTool('everything.gzip-file-as-resource', {
        name: `${tenant}.gz`,
        data: 'data:text/plain;base64,aGVsbG8=',
      })) as { isError?: boolean };
      expect(made.isError).toBeFalsy();
      await vi.waitFor(() => expect(s.listChanged).toBeGreaterThan(before), { timeout: 10_000 });
    });
  }

  it('logging/setLevel of a 2025-11-25 client reaches its tenant’s instance (the server filters its own messages)', async () => {
    await portico.security.access.createTenant({ id: 'logs', name: 'logs Ltd' });
    const { secret } = await portico.security.access.createToken({
      tenantId: 'logs',
      label: 'logs',
      scopes: ['mcp.tools.discovery', 'mcp.tools.invoke', 'mcp.tools.write'],
    });
    const client = await connectClient(portico.mcpUrl, 'legacy', { Authorization: `Bearer ${secret}` });
    const levels: string[] = [];
    client.setNotificationHandler('notifications/message', (n) => void levels.push(n.params.level));
    try {
      await client.setLoggingLevel('emergency');
      // Each start of server-everything's simulated logging sends one message of a random level
      // (of 8) at once, during the call; the server drops those under the level it was given.
      for (let i = 0; i < 8; i++) {
        await client.callTool({ name: 'everything.toggle-simulated-logging', arguments: {} });
        await client.callTool({ name: 'everything.toggle-simulated-logging', arguments: {} });
      }
      expect(levels.every((l) => l === 'emergency')).toBe(true);
      // The same calls at level debug: every start's message arrives.
      await client.setLoggingLevel('debug');
      levels.length = 0;
      await client.callTool({ name: 'everything.toggle-simulated-logging', arguments: {} });
      await client.callTool({ name: 'everything.toggle-simulated-logging', arguments: {} });
      await vi.waitFor(() => expect(levels.length).toBeGreaterThan(0));
    } finally {
      await client.close();
    }
  });
});
