import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { PorticoInstance } from '../../src/runtime/index.js';
import { startTestPortico } from '../support/portico.js';
import { freshReferenceState, referenceServersYaml } from '../support/reference-servers.js';
import {
  clusterSkipReason,
  createTestDatabase,
  redisTestPrefix,
  TEST_REDIS_URL,
  type TestDatabase,
} from '../support/services.js';

const skip = await clusterSkipReason();
const ARCH = 'portico:everything/demo://resource/static/document/architecture.md';

describe.skipIf(skip !== undefined)('resource updates across replicas (PostgreSQL + Redis)', () => {
  let db: TestDatabase;
  const replicas: PorticoInstance[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    const state = freshReferenceState();
    const file = join(state.dir, 'portico.yaml');
    const yaml = referenceServersYaml(state).filter((_line, i, all) => i < all.indexOf('  memory:'));
    writeFileSync(file, `${yaml.join('\n')}\nredis:\n  key_prefix: "${redisTestPrefix()}"\n`);
    const env = { PORTICO_SECRET_KEY: randomBytes(32).toString('base64') };
    for (let i = 0; i < 2; i++) {
      replicas.push(await startTestPortico(file, env, { databaseUrl: db.url, redisUrl: TEST_REDIS_URL }));
    }
  }, 60_000);

  afterAll(async () => {
    for (const r of replicas) await r.close();
    await db?.drop();
  });

  it('a 2025-11-25 session subscribed on replica B gets the update on its GET stream on replica A', async () => {
    const [a, b] = replicas as [PorticoInstance, PorticoInstance];
    // The session's GET stream goes to A; every POST (initialize, subscribe, calls) to B.
    const split: typeof fetch = (input, init) => {
      const method = init?.method ?? (input instanceof Request ? input.method : 'GET');
      const target = method === 'GET' ? a.mcpUrl : b.mcpUrl;
      return fetch(target, init);
    };
    const client = new Client({ name: 'split', version: '1.0.0' });
    const updated: string[] = [];
    client.setNotificationHandler('notifications/resources/updated', (n) => void updated.push(n.params.uri));
    await client.connect(new StreamableHTTPClientTransport(new URL(b.mcpUrl), { fetch: split }));
    try {
      await client.subscribeResource({ uri: ARCH });
      await client.callTool({ name: 'everything.toggle-subscriber-updates', arguments: {} });
      await vi.waitFor(() => expect(updated).toContain(ARCH), { timeout: 10_000 });
      await client.callTool({ name: 'everything.toggle-subscriber-updates', arguments: {} });
    } finally {
      await client.close();
    }
  });

  it('log messages a tenant instance sends between calls on replica B reach the session’s GET stream on replica A', async () => {
    const [a, b] = replicas as [PorticoInstance, PorticoInstance];
    const split: typeof fetch = (input, init) => {
      const method = init?.method ?? (input instanceof Request ? input.method : 'GET');
      return fetch(method === 'GET' ? a.mcpUrl : b.mcpUrl, init);
    };
    const client = new Client({ name: 'split-logs', version: '1.0.0' });
    const logs: string[] = [];
    client.setNotificationHandler('notifications/message', (n) => void logs.push(n.params.level));
    await client.connect(new StreamableHTTPClientTransport(new URL(b.mcpUrl), { fetch: split }));
    try {
      await client.setLoggingLevel('debug');
      await client.callTool({ name: 'everything.toggle-simulated-logging', arguments: {} });
      const during = logs.length;
      // server-everything logs every 5 s between calls; each crosses the Redis bus to replica A.
      await vi.waitFor(() => expect(logs.length).toBeGreaterThan(during), { timeout: 15_000 });
    } finally {
      await client.callTool({ name: 'everything.toggle-simulated-logging', arguments: {} });
      await client.close();
    }
  }, 30_000);
});
