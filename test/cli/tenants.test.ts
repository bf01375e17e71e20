import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { runPortico } from '../support/cli.js';
import type { CliRun } from '../support/spawn-cli.js';

const tempDir = () => mkdtempSync(join(tmpdir(), 'portico-tenants-'));

/** Run the CLI with `input` on stdin. */
const runWithStdin = (args: string[], input: string, env: Record<string, string> = {}): Promise<CliRun> =>
  runPortico(args, env, { stdin: input });

/** Every byte of the data dir's files, for "the value is not stored in clear" checks. */
function dataDirBytes(dir: string): string {
  return readdirSync(dir)
    .map((f) => readFileSync(join(dir, f)).toString('latin1'))
    .join('\n');
}

const noStack = (run: CliRun) => expect(run.stderr).not.toMatch(/\n\s+at /);

describe('portico tenants', { timeout: 60_000 }, () => {
  it('creates and lists tenants (table and JSON)', async () => {
    const dir = tempDir();
    const created = await runPortico(['tenants', 'create', 'acme', '--name', 'Acme Corp', '--data-dir', dir]);
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout).toContain('Created tenant acme ("Acme Corp").');
    expect(created.stdout).toContain('portico tokens create --tenant acme');

    const json = await runPortico(['tenants', 'create', 'beta', '--json', '--data-dir', dir]);
    expect(json.code, json.stderr).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual({ id: 'beta', name: 'beta', created_at: expect.any(String) });

    const list = await runPortico(['tenants', 'list', '--data-dir', dir]);
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toMatch(/^ID\s+NAME\s+CREATED\s+CREDENTIALS$/m);
    expect(list.stdout).toMatch(/^acme\s+Acme Corp\s+\d{4}-\d\d-\d\d \d\d:\d\dZ\s+-$/m);
    expect(list.stdout).toMatch(/^beta\s+beta\s+/m);

    const listJson = JSON.parse((await runPortico(['tenants', 'list', '--json', '--data-dir', dir])).stdout);
    expect(listJson.tenants.map((t: { id: string }) => t.id)).toEqual(['acme', 'beta']);
  });

  it('uses PORTICO_DATA_DIR like serve does', async () => {
    const dir = tempDir();
    expect((await runPortico(['tenants', 'create', 'acme'], { PORTICO_DATA_DIR: dir })).code).toBe(0);
    expect(readdirSync(dir)).toContain('portico.db');
    const list = await runPortico(['tenants', 'list', '--json', '--data-dir', dir]);
    expect(JSON.parse(list.stdout).tenants).toHaveLength(1);
  });

  it('says how to create the first tenant when there is none', async () => {
    const run = await runPortico(['tenants', 'list', '--data-dir', tempDir()]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('portico tenants create <id>');
  });

  it('exits 1 with a clear message for a duplicate or invalid id', async () => {
    const dir = tempDir();
    await runPortico(['tenants', 'create', 'acme', '--data-dir', dir]);
    const dup = await runPortico(['tenants', 'create', 'acme', '--data-dir', dir]);
    expect(dup.code).toBe(1);
    expect(dup.stderr).toContain('Tenant "acme" already exists');
    noStack(dup);
    const bad = await runPortico(['tenants', 'create', 'Acme Corp', '--data-dir', dir]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('Invalid tenant id "Acme Corp"');
    noStack(bad);
  });

  it('stores a credential from an env var or stdin, encrypted, and never prints it', async () => {
    const dir = tempDir();
    await runPortico(['tenants', 'create', 'acme', '--data-dir', dir]);
    const fromEnv = await runPortico(
      ['tenants', 'secret', 'set', 'acme', 'billing', '--from-env', 'ACME_KEY', '--data-dir', dir],
      {
        ACME_KEY: 'env-value-S3CRET-1',
      },
    );
    expect(fromEnv.code, fromEnv.stderr).toBe(0);
    expect(fromEnv.stdout).toContain('Stored the billing credential of tenant acme');
    expect(fromEnv.stdout + fromEnv.stderr).not.toContain('S3CRET');

    const fromStdin = await runWithStdin(
      ['tenants', 'secret', 'set', 'acme', 'crm', '--stdin', '--data-dir', dir],
      'stdin-value-S3CRET-2\n',
    );
    expect(fromStdin.code, fromStdin.stderr).toBe(0);
    expect(fromStdin.stdout).toContain('Stored the crm credential of tenant acme');
    expect(fromStdin.stdout + fromStdin.stderr).not.toContain('S3CRET');

    const replaced = await runWithStdin(
      ['tenants', 'secret', 'set', 'acme', 'crm', '--stdin', '--data-dir', dir],
      'stdin-value-S3CRET-3',
    );
    expect(replaced.stdout).toContain('Replaced the crm credential');

    const list = await runPortico(['tenants', 'secret', 'list', 'acme', '--data-dir', dir]);
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toMatch(/^SYSTEM\s+UPDATED$/m);
    expect(list.stdout).toMatch(/^billing\s+\d{4}-/m);
    expect(list.stdout).toMatch(/^crm\s+\d{4}-/m);
    const show = await runPortico(['tenants', 'show', 'acme', '--json', '--data-dir', dir]);
    expect(JSON.parse(show.stdout).secrets.map((s: { system: string }) => s.system)).toEqual([
      'billing',
      'crm',
    ]);
    const tenants = await runPortico(['tenants', 'list', '--data-dir', dir]);
    expect(tenants.stdout).toMatch(/^acme\s+acme\s+\S+ \S+\s+billing, crm$/m);
    for (const run of [list, show, tenants]) expect(run.stdout).not.toContain('S3CRET');

    // Encrypted at rest: no plain value in the database (nor anywhere in the data dir).
    const db = new Database(join(dir, 'portico.db'), { readonly: true });
    try {
      const rows = db.prepare('SELECT * FROM tenant_secrets').all();
      expect(rows).toHaveLength(2);
      expect(JSON.stringify(rows)).not.toContain('S3CRET');
    } finally {
      db.close();
    }
    expect(dataDirBytes(dir)).not.toContain('S3CRET');

    const del = await runPortico(['tenants', 'secret', 'delete', 'acme', 'billing', '--data-dir', dir]);
    expect(del.code, del.stderr).toBe(0);
    expect(del.stdout).toContain('Deleted the billing credential of tenant acme.');
    const again = await runPortico(['tenants', 'secret', 'delete', 'acme', 'billing', '--data-dir', dir]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('no credential for system "billing"');
  });

  it('refuses an empty value, a missing source and an unknown tenant', async () => {
    const dir = tempDir();
    await runPortico(['tenants', 'create', 'acme', '--data-dir', dir]);
    const empty = await runPortico(
      ['tenants', 'secret', 'set', 'acme', 'billing', '--from-env', 'EMPTY_KEY', '--data-dir', dir],
      {
        EMPTY_KEY: '',
      },
    );
    expect(empty.code).toBe(1);
    expect(empty.stderr).toContain('EMPTY_KEY is not set or is empty');
    const emptyStdin = await runWithStdin(
      ['tenants', 'secret', 'set', 'acme', 'billing', '--stdin', '--data-dir', dir],
      '\n',
    );
    expect(emptyStdin.code).toBe(1);
    expect(emptyStdin.stderr).toContain('is empty; nothing was stored');
    const none = await runWithStdin(['tenants', 'secret', 'set', 'acme', 'billing', '--data-dir', dir], 'x');
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('use --from-env <var> or --stdin');
    const both = await runWithStdin(
      ['tenants', 'secret', 'set', 'acme', 'billing', '--stdin', '--from-env', 'X', '--data-dir', dir],
      'x',
    );
    expect(both.code).toBe(1);
    const ghost = await runPortico(
      ['tenants', 'secret', 'set', 'ghost', 'billing', '--from-env', 'K', '--data-dir', dir],
      {
        K: 'v',
      },
    );
    expect(ghost.code).toBe(1);
    expect(ghost.stderr).toContain('Tenant "ghost" not found. Create it with: portico tenants create ghost');
    noStack(ghost);
    const show = await runPortico(['tenants', 'show', 'ghost', '--data-dir', dir]);
    expect(show.code).toBe(1);
    expect(show.stderr).toContain('Tenant "ghost" not found. Create it with: portico tenants create ghost');
    const list = JSON.parse(
      (await runPortico(['tenants', 'secret', 'list', 'acme', '--json', '--data-dir', dir])).stdout,
    );
    expect(list.secrets).toEqual([]);
  });

  it('refuses to store a credential under a key that cannot open the stored ones', async () => {
    const dir = tempDir();
    const keyA = randomBytes(32).toString('base64');
    const keyB = randomBytes(32).toString('base64');
    await runPortico(['tenants', 'create', 'acme', '--data-dir', dir]);
    const first = await runWithStdin(
      ['tenants', 'secret', 'set', 'acme', 'billing', '--stdin', '--data-dir', dir],
      'v1',
      {
        PORTICO_SECRET_KEY: keyA,
      },
    );
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain('encrypted with the key in PORTICO_SECRET_KEY');
    const wrong = await runWithStdin(
      ['tenants', 'secret', 'set', 'acme', 'crm', '--stdin', '--data-dir', dir],
      'v2',
      {
        PORTICO_SECRET_KEY: keyB,
      },
    );
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('cannot decrypt the credentials already stored');
    expect(wrong.stderr).not.toContain(keyA);
    expect(wrong.stderr).not.toContain(keyB);
    noStack(wrong);
    const same = await runWithStdin(
      ['tenants', 'secret', 'set', 'acme', 'crm', '--stdin', '--data-dir', dir],
      'v2',
      {
        PORTICO_SECRET_KEY: keyA,
      },
    );
    expect(same.code, same.stderr).toBe(0);
    const list = JSON.parse(
      (await runPortico(['tenants', 'secret', 'list', 'acme', '--json', '--data-dir', dir])).stdout,
    );
    expect(list.secrets.map((x: { system: string }) => x.system)).toEqual(['billing', 'crm']);
  });
});
