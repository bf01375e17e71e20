import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { type CompiledQuery, Kysely, Migrator, SqliteDialect } from 'kysely';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS, openSqliteStore } from '../../src/store/index.js';
import type { Database } from '../../src/store/schema.js';
import { storeContract } from './contract.js';
import { auditRow } from './contract-audit.js';
import { newToken } from './contract-tenancy.js';

function tempDb(): string {
  return join(mkdtempSync(join(tmpdir(), 'portico-store-')), 'portico.db');
}

storeContract('sqlite (in memory)', () => openSqliteStore(':memory:'));
storeContract('sqlite (file)', () =>
  openSqliteStore(join(mkdtempSync(join(tmpdir(), 'portico-store-')), 'portico.db')),
);

describe('sqlite store on disk', () => {
  it('creates the data dir, uses WAL and keeps data across reopen', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'portico-store-')), 'nested', 'portico.db');
    const a = await openSqliteStore(file);
    await a.setSetting('k', 'v');
    await a.close();
    const raw = new BetterSqlite3(file, { readonly: true });
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    raw.close();
    const b = await openSqliteStore(file);
    expect(await b.getSetting('k')).toBe('v');
    await b.close();
  });

  it('reports an unwritable location with an actionable message', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'portico-store-'));
    const notADir = join(dir, 'file');
    writeFileSync(notADir, 'x');
    await expect(openSqliteStore(join(notADir, 'portico.db'))).rejects.toThrow(/data dir is writable/);
  });
});

describe('sqlite store: tenancy and audit tables', () => {
  it('keeps tenants, tokens, secrets and audit rows across reopen', async () => {
    const file = tempDb();
    const a = await openSqliteStore(file);
    await a.createTenant({ id: 'acme', name: 'Acme' });
    const token = newToken({ id: 'tok_a1' });
    await a.insertToken(token);
    await a.touchTokens([{ id: 'tok_a1', at: new Date('2026-03-02T00:00:00.000Z') }]);
    await a.putTenantSecret('acme', 'crm', { ciphertext: 'c', iv: 'i', tag: 't' });
    await a.appendAudit([auditRow(1, { args: { id: 7 } })]);
    await a.close();

    const b = await openSqliteStore(file);
    expect((await b.findTokenByHash(token.hash))?.lastUsedAt).toEqual(new Date('2026-03-02T00:00:00.000Z'));
    expect(await b.getTenantSecret('acme', 'crm')).toEqual({ ciphertext: 'c', iv: 'i', tag: 't' });
    expect((await b.queryAudit())[0]?.args).toEqual({ id: 7 });
    expect((await b.listTenants()).map((t) => t.id)).toEqual(['acme']);
    await b.close();
  });

  it('upgrades a database that only has the first migration, keeping its data', async () => {
    const file = tempDb();
    const raw = new BetterSqlite3(file);
    const db = new Kysely<unknown>({ dialect: new SqliteDialect({ database: raw }) });
    const migrator = new Migrator({
      db,
      provider: { getMigrations: async () => ({ '0001_initial': MIGRATIONS['0001_initial']! }) },
    });
    expect((await migrator.migrateToLatest()).error).toBeUndefined();
    raw.prepare("INSERT INTO settings (key, value) VALUES ('instance_id', 'old')").run();
    await db.destroy();

    const store = await openSqliteStore(file);
    expect(await store.getSetting('instance_id')).toBe('old');
    await store.createTenant({ id: 'acme', name: 'Acme' });
    expect((await store.getTenant('acme'))?.name).toBe('Acme');
    await store.close();
  });

  it('finds a token by hash and filters audit rows through indexes', async () => {
    const file = tempDb();
    const store = await openSqliteStore(file);
    await store.close();
    const raw = new BetterSqlite3(file, { readonly: true });
    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: raw }) });
    const plan = (q: CompiledQuery): string =>
      (
        raw.prepare(`EXPLAIN QUERY PLAN ${q.sql}`).all(...(q.parameters as unknown[])) as Array<{
          detail: string;
        }>
      )
        .map((r) => r.detail)
        .join('; ');
    // The same query builders the store uses.
    const audit = db.selectFrom('audit_log').selectAll();
    const at = '2026-01-01T00:00:00.000Z';
    expect(plan(db.selectFrom('tokens').selectAll().where('hash', '=', 'h').compile())).toMatch(
      /USING INDEX tokens_hash_uq \(hash=\?\)/,
    );
    expect(plan(db.selectFrom('tokens').selectAll().where('tenant_id', '=', 'acme').compile())).toMatch(
      /USING INDEX tokens_tenant_idx/,
    );
    expect(plan(audit.where('tenant_id', '=', 'acme').orderBy('at', 'desc').compile())).toMatch(
      /USING INDEX audit_log_tenant_at_idx/,
    );
    expect(plan(audit.where('tool', '=', 't').where('at', '>=', at).compile())).toMatch(
      /USING INDEX audit_log_tool_at_idx/,
    );
    expect(plan(audit.where('at', '>=', at).orderBy('at', 'desc').compile())).toMatch(
      /INDEX audit_log_at_idx/,
    );
    expect(plan(db.deleteFrom('audit_log').where('at', '<', at).compile())).toMatch(/INDEX audit_log_at_idx/);
    raw.close();
  });
});

describe('SQLite tokensStamp', () => {
  it('changes on its own token writes and on any commit by another connection, not on reads', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'portico-stamp-')), 'portico.db');
    const server = await openSqliteStore(file);
    const other = await openSqliteStore(file);
    try {
      await server.createTenant({ id: 'acme', name: 'Acme' });
      const s0 = server.tokensStamp();
      expect(s0).toBeDefined();
      await server.listTenants();
      expect(server.tokensStamp()).toBe(s0);
      await other.createTenant({ id: 'globex', name: 'Globex' });
      const s1 = server.tokensStamp();
      expect(s1).not.toBe(s0);
      await server.revokeToken('tok_missing', new Date());
      expect(server.tokensStamp()).not.toBe(s1);
    } finally {
      await other.close();
      await server.close();
    }
  });
});
