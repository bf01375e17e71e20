import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPortico } from '../support/cli.js';
import { startTestIdp, type TestIdp } from '../support/oidc-idp.js';
import { clusterSkipReason, createTestDatabase } from '../support/services.js';

// `portico auth test <token>` against a real oidc-provider: explains, sends the token nowhere.

const RESOURCE = 'https://mcp.example.com/mcp';
let idp: TestIdp;
let dir: string;
let config: string;

beforeAll(async () => {
  idp = await startTestIdp([
    { id: 'svc' },
    { id: 'ghost', shape: (p) => Object.assign(p, { tenant: 'nobody' }) },
  ]);
  dir = mkdtempSync(join(tmpdir(), 'portico-authtest-'));
  config = join(dir, 'portico.yaml');
  writeFileSync(
    config,
    [
      'systems:',
      '  s: { base_url: "http://127.0.0.1:9", operations: { op: { path: /x } } }',
      'server: { public_url: "https://mcp.example.com" }',
      'oauth:',
      '  mode: external',
      `  issuer: ${idp.issuer}`,
      '  tenant_claim: tenant',
      '',
    ].join('\n'),
  );
  const created = await runPortico(['tenants', 'create', 'acme', '--data-dir', join(dir, 'data')]);
  expect(created.code, created.stderr).toBe(0);
});
afterAll(async () => {
  await idp?.close();
});

const test = (token: string, ...extra: string[]) =>
  runPortico(['auth', 'test', token, '-c', config, '--data-dir', join(dir, 'data'), ...extra]);

describe('portico auth test', () => {
  it('accepts a valid token and says who it is (exit 0)', async () => {
    const r = await test(await idp.token('svc', RESOURCE));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('ACCEPTED: tenant acme');
    expect(r.stdout).toContain('Signing keys of the IdP: k1');
    expect(r.stdout).toMatch(/scopes mcp\.tools\.discovery mcp\.tools\.invoke/);
  });

  it('explains a wrong audience with the expected and received values and how to fix it (exit 1)', async () => {
    const r = await test(await idp.token('svc', 'https://other.example/mcp'));
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('REFUSED (wrong_audience)');
    expect(r.stdout).toContain(`expected: ["${RESOURCE}"]`);
    expect(r.stdout).toContain('received: ["https://other.example/mcp"]');
    expect(r.stdout).toContain('Fix: ');
  });

  it('names an unknown tenant against the data dir, and the --resource override', async () => {
    const ghost = await test(await idp.token('ghost', RESOURCE));
    expect(ghost.code).toBe(1);
    expect(ghost.stdout).toContain('REFUSED (tenant_unknown)');
    expect(ghost.stdout).toContain('portico tenants create');
    const other = await test(
      await idp.token('svc', 'https://other.example/mcp'),
      '--resource',
      'https://other.example/mcp',
    );
    expect(other.code).toBe(0);
  });

  it('reads the token from standard input with "-" (kept out of shell history), "Bearer " prefix and all', async () => {
    const token = await idp.token('svc', RESOURCE);
    const r = await runPortico(
      ['auth', 'test', '-', '-c', config, '--data-dir', join(dir, 'data')],
      {},
      {
        stdin: `Bearer ${token}\n`,
      },
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('ACCEPTED: tenant acme');
    expect(r.stdout + r.stderr).not.toContain(token);
  });

  it('a garbled token, an unreachable IdP: clear answers, never a crash', async () => {
    const bad = await test('not-a-token');
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain('REFUSED (malformed)');
    const token = await idp.token('svc', RESOURCE);
    idp.setDown(true);
    try {
      const down = await test(token);
      expect(down.code).toBe(1);
      expect(down.stdout).toContain('REFUSED (keys_unavailable)');
      expect(down.stdout).toContain(`cannot discover the signing keys of ${idp.issuer}`);
    } finally {
      idp.setDown(false);
    }
  });
});

describe.skipIf((await clusterSkipReason()) !== undefined)('portico auth test on PostgreSQL', () => {
  it('checks the tenant in the store PORTICO_DATABASE_URL names, like every store-opening command', async () => {
    const db = await createTestDatabase();
    try {
      const env = { PORTICO_DATABASE_URL: db.url, PORTICO_SECRET_KEY: randomBytes(32).toString('base64') };
      const created = await runPortico(['tenants', 'create', 'acme'], env);
      expect(created.code, created.stderr).toBe(0);
      // An empty data dir: the tenants can only come from PostgreSQL.
      const empty = mkdtempSync(join(tmpdir(), 'portico-authtest-pg-'));
      const run = async (id: string) =>
        runPortico(['auth', 'test', await idp.token(id, RESOURCE), '-c', config, '--data-dir', empty], {
          PORTICO_DATABASE_URL: db.url,
        });
      const known = await run('svc');
      expect(known.code, known.stderr).toBe(0);
      expect(known.stdout).toContain('ACCEPTED: tenant acme');
      const ghost = await run('ghost');
      expect(ghost.code, ghost.stdout).toBe(1);
      expect(ghost.stdout).toContain('REFUSED (tenant_unknown)');
    } finally {
      await db.drop();
    }
  }, 30_000);
});
