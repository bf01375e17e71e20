// A PostgreSQL that stops answering while Portico runs: token checks answer 503 store_unavailable
// with Retry-After (not a 401 that sends clients to sign in again, not a bare 500), and requests
// succeed again once the database answers. Real PostgreSQL: the test database refuses connections
// (ALLOW_CONNECTIONS false) and its backends are terminated, as during a restart.
import { randomBytes } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccessService } from '../../src/auth/index.js';
import type { PorticoInstance } from '../../src/runtime/index.js';
import { openPostgresStore } from '../../src/store/index.js';
import { startTestPortico } from '../support/portico.js';
import {
  clusterSkipReason,
  createTestDatabase,
  TEST_PG_URL,
  type TestDatabase,
} from '../support/services.js';

const skip = await clusterSkipReason();

async function admin(sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: TEST_PG_URL });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

describe.skipIf(skip !== undefined)('PostgreSQL outage during token checks', () => {
  let db: TestDatabase;
  let portico: PorticoInstance | undefined;
  let secret = '';

  const whoami = () =>
    fetch(portico!.mcpUrl, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${secret}`,
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        'mcp-protocol-version': '2025-11-25',
      },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
    });

  beforeAll(async () => {
    db = await createTestDatabase();
    const dir = await mkdtemp(join(tmpdir(), 'portico-outage-'));
    const config = join(dir, 'portico.yaml');
    await writeFile(
      config,
      [
        'systems:',
        '  items:',
        '    base_url: http://127.0.0.1:9',
        '    operations:',
        '      get_item:',
        "        path: '/items/{id}'",
        '        description: Fetch one item.',
        '        arguments:',
        '          id: { type: string }',
        'store:',
        `  url: ${JSON.stringify(db.url)}`,
        '  pool_size: 2',
        '',
      ].join('\n'),
    );
    portico = await startTestPortico(
      config,
      { PORTICO_SECRET_KEY: randomBytes(32).toString('base64') },
      { noAuth: false },
    );
    const store = await openPostgresStore({ url: db.url, poolSize: 2 });
    const access = new AccessService(store);
    await access.createTenant({ id: 'acme' });
    secret = (await access.createToken({ tenantId: 'acme', label: 'outage' })).secret;
    await access.close();
    await store.close();
  }, 60_000);

  afterAll(async () => {
    await admin(`ALTER DATABASE ${db.name} WITH ALLOW_CONNECTIONS true`).catch(() => undefined);
    await portico?.close();
    await db?.drop();
  });

  it('answers 503 store_unavailable with Retry-After while the database refuses, then serves again', async () => {
    expect((await whoami()).status).toBe(200);
    await admin(`ALTER DATABASE ${db.name} WITH ALLOW_CONNECTIONS false`);
    await admin(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${db.name}' AND pid <> pg_backend_pid()`,
    );
    const down = await whoami();
    const body = (await down.json()) as {
      error?: { code: number; message: string; data?: { code?: string } };
    };
    expect(down.status).toBe(503);
    expect(down.headers.get('retry-after')).toBe('5');
    expect(body.error?.message).toMatch(/database did not answer/);
    expect(JSON.stringify(body)).not.toContain(secret);
    await admin(`ALTER DATABASE ${db.name} WITH ALLOW_CONNECTIONS true`);
    expect((await whoami()).status).toBe(200);
  }, 60_000);
});
