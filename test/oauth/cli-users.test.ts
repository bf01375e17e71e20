import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { verifyPassword } from '../../src/oauth/index.js';
import { openSqliteStore } from '../../src/store/index.js';
import { runPortico } from '../support/cli.js';

/** Run `portico <args>` in process, with `stdin` on standard input. */
const portico = (args: string[], stdin?: string) => runPortico(args, {}, { stdin: stdin ?? '' });

describe('portico users', () => {
  it('creates users (password from stdin or generated), lists and disables them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'portico-users-'));
    const dd = ['--data-dir', dir];
    expect((await portico(['tenants', 'create', 'acme', ...dd])).code).toBe(0);

    const missing = await portico(['users', 'create', '--tenant', 'nope', '--email', 'a@b.c', ...dd]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('portico tenants create nope');

    const a = await portico(
      [
        'users',
        'create',
        '--tenant',
        'acme',
        '--email',
        'Ada@Acme.test',
        '--password-stdin',
        '--json',
        ...dd,
      ],
      'correct horse battery staple\n',
    );
    expect(a.code).toBe(0);
    expect(JSON.parse(a.stdout)).toMatchObject({
      user: { tenant: 'acme', email: 'ada@acme.test', disabled: false },
    });
    expect(a.stdout).not.toContain('password');

    const short = await portico(
      ['users', 'create', '--tenant', 'acme', '--email', 'c@acme.test', '--password-stdin', ...dd],
      'short\n',
    );
    expect(short.code).toBe(1);
    expect(short.stderr).toContain('at least 12 characters');

    const b = await portico([
      'users',
      'create',
      '--tenant',
      'acme',
      '--email',
      'bob@acme.test',
      '--json',
      ...dd,
    ]);
    const generated = (JSON.parse(b.stdout) as { password: string }).password;
    expect(generated.length).toBeGreaterThanOrEqual(20);

    const dup = await portico(['users', 'create', '--tenant', 'acme', '--email', 'ADA@acme.test', ...dd]);
    expect(dup.code).toBe(1);
    expect(dup.stderr).toContain('already exists');

    const list = await portico(['users', 'list', '--tenant', 'acme', ...dd]);
    expect(list.stdout).toMatch(/ada@acme\.test\s+\S+ \S+\s+active/);
    expect(list.stdout).toContain('bob@acme.test');

    expect((await portico(['users', 'disable', 'bob@acme.test', ...dd])).code).toBe(0);
    const store = await openSqliteStore(join(dir, 'portico.db'));
    const ada = await store.findOAuthUserByEmail('ada@acme.test');
    const bob = await store.findOAuthUserByEmail('bob@acme.test');
    await store.close();
    expect(await verifyPassword('correct horse battery staple', ada!.passwordHash)).toBe(true);
    expect(await verifyPassword(generated, bob!.passwordHash)).toBe(true);
    expect(bob!.disabled).toBe(true);
  }, 60_000);

  it('creates operators and admins (--operator, --role) and changes roles (users role)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'portico-users-'));
    const dd = ['--data-dir', dir];
    expect((await portico(['tenants', 'create', 'acme', ...dd])).code).toBe(0);
    const op = await portico([
      'users',
      'create',
      '--tenant',
      'acme',
      '--email',
      'op@acme.test',
      '--operator',
      '--json',
      ...dd,
    ]);
    expect(op.code).toBe(0);
    expect(JSON.parse(op.stdout)).toMatchObject({ user: { email: 'op@acme.test', role: 'operator' } });
    const bad = await portico([
      'users',
      'create',
      '--tenant',
      'acme',
      '--email',
      'x@acme.test',
      '--role',
      'root',
      ...dd,
    ]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('Unknown role "root": use member, admin, operator');
    const promoted = await portico(['users', 'role', 'op@acme.test', 'admin', ...dd]);
    expect(promoted.code).toBe(0);
    expect(promoted.stdout).toContain('op@acme.test');
    expect(promoted.stdout).toContain('is now admin');
    const list = await portico(['users', 'list', ...dd]);
    expect(list.stdout).toMatch(/op@acme\.test\s+\S+ \S+\s+active\s+admin/);
    expect(list.stdout).not.toContain('x@acme.test');
  }, 120_000);
});
