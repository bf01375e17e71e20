import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../src/store/index.js';
import { storeContract } from './contract.js';

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
