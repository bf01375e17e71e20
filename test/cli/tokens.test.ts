import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { runPortico } from '../support/cli.js';
import type { CliRun } from '../support/spawn-cli.js';

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');
const noStack = (run: CliRun) => expect(run.stderr).not.toMatch(/\n\s+at /);

describe('portico tokens', { timeout: 60_000 }, () => {
  let dir: string;
  const cli = (...args: string[]) => runPortico([...args, '--data-dir', dir]);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'portico-tokens-'));
    expect((await runPortico(['tenants', 'create', 'acme', '--data-dir', dir])).code).toBe(0);
    expect((await runPortico(['tenants', 'create', 'beta', '--data-dir', dir])).code).toBe(0);
  });

  it('creates a token: --json gives the secret once; the database holds only its hash', async () => {
    const run = await cli(
      'tokens',
      'create',
      '--tenant',
      'acme',
      '--label',
      'ci-bot',
      '--scopes',
      'mcp.tools.discovery,mcp.tools.invoke,mcp.tools.write',
      '--expires',
      '30d',
      '--rate-limit',
      '120/min',
      '--views',
      'billing,crm',
      '--json',
    );
    expect(run.code, run.stderr).toBe(0);
    const { token, secret } = JSON.parse(run.stdout);
    expect(secret).toMatch(/^mcp_[0-9A-Za-z]{40,}$/);
    expect(token).toMatchObject({
      tenant: 'acme',
      label: 'ci-bot',
      scopes: ['mcp.tools.discovery', 'mcp.tools.invoke', 'mcp.tools.write'],
      views: ['billing', 'crm'],
      rate_limit: '120/min',
      status: 'active',
      revoked_at: null,
    });
    expect(token).not.toHaveProperty('hash');
    expect((Date.parse(token.expires_at) - Date.parse(token.created_at)) / 86_400_000).toBe(30);

    const db = new Database(join(dir, 'portico.db'), { readonly: true });
    try {
      const row = db.prepare('SELECT * FROM tokens WHERE id = ?').get(token.id) as Record<string, unknown>;
      expect(row.hash).toBe(sha256(secret));
      expect(JSON.stringify(db.prepare('SELECT * FROM tokens').all())).not.toContain(secret);
    } finally {
      db.close();
    }
    const bytes = readdirSync(dir)
      .map((f) => readFileSync(join(dir, f)).toString('latin1'))
      .join('\n');
    expect(bytes).not.toContain(secret);
  });

  it('prints the secret once for humans, with the copy-it-now line', async () => {
    const run = await cli('tokens', 'create', '--tenant', 'beta', '--label', 'laptop');
    expect(run.code, run.stderr).toBe(0);
    const secrets = run.stdout.match(/mcp_[0-9A-Za-z]{40,}/g) ?? [];
    expect(secrets).toHaveLength(1);
    expect(run.stdout).toMatch(/^ {2}mcp_[0-9A-Za-z]{40,}$/m);
    expect(run.stdout).toContain('Copy it now: it is not shown again');
    expect(run.stdout).toMatch(
      /Created token tok_[0-9a-f]+ for tenant beta \(label "laptop"; scopes mcp\.tools\.discovery, mcp\.tools\.invoke; expires /,
    );
  });

  it('lists tokens without secrets and revokes them', async () => {
    const created = JSON.parse(
      (
        await cli(
          'tokens',
          'create',
          '--tenant',
          'acme',
          '--label',
          'to-revoke',
          '--expires',
          'none',
          '--json',
        )
      ).stdout,
    );
    const list = await cli('tokens', 'list');
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toMatch(
      /^ID\s+TENANT\s+LABEL\s+PREFIX\s+SCOPES\s+CREATED\s+EXPIRES\s+LAST USED\s+STATUS$/m,
    );
    const line = list.stdout.split('\n').find((l) => l.startsWith(created.token.id))!;
    expect(line).toMatch(
      new RegExp(
        `^${created.token.id}\\s+acme\\s+to-revoke\\s+${created.token.prefix}\\s+discovery,invoke\\s+\\S+ \\S+\\s+never\\s+never\\s+active$`,
      ),
    );
    expect(list.stdout).not.toContain(created.secret);
    expect(list.stdout).not.toMatch(/mcp_[0-9A-Za-z]{40,}/);

    const onlyBeta = JSON.parse((await cli('tokens', 'list', '--tenant', 'beta', '--json')).stdout);
    expect(onlyBeta.tokens.length).toBeGreaterThan(0);
    expect(onlyBeta.tokens.every((t: { tenant: string }) => t.tenant === 'beta')).toBe(true);
    const all = await cli('tokens', 'list', '--json');
    expect(all.stdout).not.toContain(created.secret);
    expect(all.stdout).not.toContain('"hash"');

    const revoke = await cli('tokens', 'revoke', created.token.id);
    expect(revoke.code, revoke.stderr).toBe(0);
    expect(revoke.stdout).toContain(`Revoked token ${created.token.id} (tenant acme, label "to-revoke"`);
    const revokedJson = JSON.parse((await cli('tokens', 'revoke', created.token.id, '--json')).stdout);
    expect(revokedJson).toMatchObject({ id: created.token.id, status: 'revoked' });
    const after = await cli('tokens', 'list', '--tenant', 'acme');
    expect(after.stdout.split('\n').find((l) => l.startsWith(created.token.id))).toMatch(/\srevoked$/);
  });

  it('exits 1 with a clear message on bad input', async () => {
    const ghost = await cli('tokens', 'create', '--tenant', 'ghost', '--label', 'x');
    expect(ghost.code).toBe(1);
    expect(ghost.stderr).toContain('Tenant "ghost" not found. Create it with: portico tenants create ghost');
    noStack(ghost);
    const listGhost = await cli('tokens', 'list', '--tenant', 'ghost');
    expect(listGhost.code).toBe(1);
    expect(listGhost.stderr).toContain('Tenant "ghost" not found');

    const scope = await cli(
      'tokens',
      'create',
      '--tenant',
      'acme',
      '--label',
      'x',
      '--scopes',
      'mcp.tools.admin',
    );
    expect(scope.code).toBe(1);
    expect(scope.stderr).toContain('Unknown scope "mcp.tools.admin"');
    noStack(scope);
    const expires = await cli('tokens', 'create', '--tenant', 'acme', '--label', 'x', '--expires', 'forever');
    expect(expires.code).toBe(1);
    expect(expires.stderr).toContain('Invalid expiry "forever"');
    const rate = await cli('tokens', 'create', '--tenant', 'acme', '--label', 'x', '--rate-limit', 'lots');
    expect(rate.code).toBe(1);
    expect(rate.stderr).toContain('Invalid rate limit "lots"');
    const noLabel = await cli('tokens', 'create', '--tenant', 'acme');
    expect(noLabel.code).toBe(1);
    expect(noLabel.stderr).toContain('--label');
    const revoke = await cli('tokens', 'revoke', 'tok_nope');
    expect(revoke.code).toBe(1);
    expect(revoke.stderr).toContain('tok_nope');
    noStack(revoke);
    for (const r of [ghost, scope, expires, rate]) expect(r.stdout).not.toMatch(/mcp_[0-9A-Za-z]{40,}/);
  });
});
