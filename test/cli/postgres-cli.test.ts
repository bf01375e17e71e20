import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { runPortico, startPortico } from '../support/cli.js';
import { type FaultUpstream, startFaultUpstream } from '../support/fault-upstream.js';
import { MCP_HEADERS, rpc } from '../support/mcp-post.js';
import {
  clusterSkipReason,
  createTestDatabase,
  TEST_PG_URL,
  type TestDatabase,
} from '../support/services.js';

const faults = fileURLToPath(new URL('../fixtures/faults.yaml', import.meta.url));
const skip = await clusterSkipReason();
const key = randomBytes(32).toString('base64');

describe.skipIf(skip !== undefined)('CLI and serve on PostgreSQL', () => {
  let db: TestDatabase;
  let upstream: FaultUpstream;
  beforeAll(async () => {
    db = await createTestDatabase();
    upstream = await startFaultUpstream();
  });
  afterAll(async () => {
    await upstream?.close();
    await db?.drop();
  });
  const tempDir = () => mkdtempSync(join(tmpdir(), 'portico-pgcli-'));

  it('every admin command reaches the same database by env, flag or store.url, from any data dir', async () => {
    const byEnv = await runPortico(['tenants', 'create', 'acme', '--data-dir', tempDir()], {
      PORTICO_DATABASE_URL: db.url,
      PORTICO_SECRET_KEY: key,
    });
    expect(byEnv.code, byEnv.stderr).toBe(0);
    const byFlag = await runPortico(
      [
        'tokens',
        'create',
        '--tenant',
        'acme',
        '--label',
        'ci',
        '--json',
        '--database-url',
        db.url,
        '--data-dir',
        tempDir(),
      ],
      { PORTICO_SECRET_KEY: key },
    );
    expect(byFlag.code, byFlag.stderr).toBe(0);
    const created = JSON.parse(byFlag.stdout) as { token: { id: string } };

    const dir = tempDir();
    const config = join(dir, 'portico.yaml');
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a ${VAR} of portico.yaml
    writeFileSync(config, 'store:\n  url: ${TEST_DB_URL}\n  pool_size: 2\n');
    const byConfig = await runPortico(
      ['tokens', 'list', '--json', '--config', config, '--data-dir', tempDir()],
      {
        PORTICO_SECRET_KEY: key,
        TEST_DB_URL: db.url,
      },
    );
    expect(byConfig.code, byConfig.stderr).toBe(0);
    expect(JSON.parse(byConfig.stdout).tokens.map((t: { id: string }) => t.id)).toEqual([created.token.id]);
  }, 60_000);

  it('refuses to open PostgreSQL without PORTICO_SECRET_KEY (no per-machine key file)', async () => {
    const dir = tempDir();
    const run = await runPortico(['tenants', 'list', '--data-dir', dir], {
      PORTICO_DATABASE_URL: db.url,
      PORTICO_SECRET_KEY: '',
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/set PORTICO_SECRET_KEY .* to the same value everywhere/);
    expect(existsSync(join(dir, 'secret.key'))).toBe(false);
  }, 30_000);

  it('refuses another secret key than the one the database was initialised with, naming the fix', async () => {
    const other = randomBytes(32).toString('base64');
    const run = await runPortico(['tenants', 'list', '--data-dir', tempDir()], {
      PORTICO_DATABASE_URL: db.url,
      PORTICO_SECRET_KEY: other,
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/not the key this postgres database was initialised with/);
    expect(run.stderr).toMatch(/Set PORTICO_SECRET_KEY to the same value on every replica/);
    expect(run.stderr).not.toContain(other);
    expect(run.stderr).not.toContain(key);
  });

  it('serve: a CLI revocation applies to the running server; not ready while the database is unreachable, alive throughout', async () => {
    const env = { PORTICO_DATABASE_URL: db.url, PORTICO_SECRET_KEY: key };
    const issued = await runPortico(
      ['tokens', 'create', '--tenant', 'acme', '--label', 'serve', '--json'],
      env,
    );
    expect(issued.code, issued.stderr).toBe(0);
    const { token, secret } = JSON.parse(issued.stdout) as { token: { id: string }; secret: string };

    const serve = await startPortico(
      ['serve', '-c', faults, '--port', '0', '--data-dir', tempDir()],
      { ...env, FAULT_URL: upstream.url },
      /"url":"(http:\/\/127\.0\.0\.1:\d+)\/mcp"/,
    );
    onTestFinished(() => serve.stop().then(() => undefined));
    const base = serve.match[1]!;
    const list = () =>
      fetch(`${base}/mcp`, {
        method: 'POST',
        headers: { ...MCP_HEADERS, authorization: `Bearer ${secret}` },
        body: rpc('tools/list'),
      });
    expect((await list()).status).toBe(200);
    expect((await list()).status).toBe(200);
    const health = await (await fetch(`${base}/healthz`)).json();
    expect(health.store).toEqual({ kind: 'postgres', reachable: true });

    const revoked = await runPortico(['tokens', 'revoke', token.id], env);
    expect(revoked.code, revoked.stderr).toBe(0);
    // Token lookups are not cached on PostgreSQL: the replica's very next request is refused.
    expect((await list()).status).toBe(401);

    // Make the database refuse connections and drop the existing ones.
    const admin = new pg.Client({ connectionString: TEST_PG_URL });
    await admin.connect();
    onTestFinished(async () => {
      await admin.query(`ALTER DATABASE ${db.name} ALLOW_CONNECTIONS true`).catch(() => undefined);
      await admin.end();
    });
    await admin.query(`ALTER DATABASE ${db.name} ALLOW_CONNECTIONS false`);
    await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [db.name]);
    await expect.poll(async () => (await fetch(`${base}/healthz`)).status, { timeout: 15_000 }).toBe(503);
    expect((await fetch(`${base}/livez`)).status).toBe(200);
    await admin.query(`ALTER DATABASE ${db.name} ALLOW_CONNECTIONS true`);
    await expect.poll(async () => (await fetch(`${base}/healthz`)).status, { timeout: 15_000 }).toBe(200);
    // The lost pooled connections were replaced: requests are served again.
    const fresh = await runPortico(
      ['tokens', 'create', '--tenant', 'acme', '--label', 'after', '--json'],
      env,
    );
    expect(fresh.code, fresh.stderr).toBe(0);
    const again = await fetch(`${base}/mcp`, {
      method: 'POST',
      headers: { ...MCP_HEADERS, authorization: `Bearer ${JSON.parse(fresh.stdout).secret}` },
      body: rpc('tools/list'),
    });
    expect(again.status).toBe(200);
    expect(await serve.stop()).toBe(0);
  }, 60_000);
});
