import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PorticoError } from '../../src/errors/index.js';
import { SecretBox, TenantSecrets } from '../../src/secrets/index.js';
import { openSqliteStore, type Store } from '../../src/store/index.js';

async function rejection(p: Promise<unknown>): Promise<PorticoError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof PorticoError) return err;
    throw err;
  }
  throw new Error('expected a PorticoError');
}

const PLAINTEXT = 'fh_live_PLAINTEXT_marker_6f1d2c';

describe('TenantSecrets', () => {
  let store: Store;
  let secrets: TenantSecrets;
  const key = randomBytes(32);

  beforeEach(async () => {
    store = await openSqliteStore(':memory:');
    await store.createTenant({ id: 'acme', name: 'Acme' });
    await store.createTenant({ id: 'beta', name: 'Beta' });
    secrets = new TenantSecrets(store, new SecretBox(key));
  });

  afterEach(async () => {
    await store.close();
  });

  it('stores encrypted values and reads them back', async () => {
    await secrets.set('acme', 'flowhub', PLAINTEXT);
    expect(await secrets.get('acme', 'flowhub')).toBe(PLAINTEXT);
    expect(await secrets.get('acme', 'other')).toBeUndefined();
    expect(await secrets.get('beta', 'flowhub')).toBeUndefined();
    const row = await store.getTenantSecret('acme', 'flowhub');
    expect(row).toBeDefined();
    expect(row?.ciphertext).not.toBe(PLAINTEXT);
    expect(JSON.stringify(row)).not.toContain(PLAINTEXT);
    expect(Buffer.from(row?.ciphertext ?? '', 'base64').toString('latin1')).not.toContain(PLAINTEXT);
  });

  it('replaces, lists (names only) and deletes', async () => {
    await secrets.set('acme', 'flowhub', 'one');
    await secrets.set('acme', 'flowhub', 'two');
    await secrets.set('acme', 'crm', PLAINTEXT);
    expect(await secrets.get('acme', 'flowhub')).toBe('two');
    const listed = await secrets.list('acme');
    expect(listed.map((s) => s.system).sort()).toEqual(['crm', 'flowhub']);
    expect(JSON.stringify(listed)).not.toContain(PLAINTEXT);
    expect(await secrets.list('beta')).toEqual([]);
    expect(await secrets.delete('acme', 'flowhub')).toBe(true);
    expect(await secrets.delete('acme', 'flowhub')).toBe(false);
    expect(await secrets.get('acme', 'flowhub')).toBeUndefined();
  });

  it('serves repeated reads from its cache, and drops it on a write through the store', async () => {
    await secrets.set('acme', 'flowhub', 'old');
    expect(await secrets.get('acme', 'flowhub')).toBe('old');
    expect(await secrets.get('acme', 'other')).toBeUndefined();
    let reads = 0;
    const read = store.getTenantSecret.bind(store);
    store.getTenantSecret = (t, s) => {
      reads++;
      return read(t, s);
    };
    expect(await secrets.get('acme', 'flowhub')).toBe('old');
    expect(await secrets.get('acme', 'other')).toBeUndefined();
    expect(reads).toBe(0);
    await store.putTenantSecret('acme', 'other', (await store.getTenantSecret('acme', 'flowhub'))!);
    reads = 0;
    expect(await secrets.get('acme', 'flowhub')).toBe('old');
    expect(reads).toBe(1);
  });

  it('reads changes made by another instance on the next call', async () => {
    await secrets.set('acme', 'flowhub', 'old');
    expect(await secrets.get('acme', 'flowhub')).toBe('old');
    const cli = new TenantSecrets(store, new SecretBox(key));
    await cli.set('acme', 'flowhub', 'new');
    expect(await secrets.get('acme', 'flowhub')).toBe('new');
    await cli.delete('acme', 'flowhub');
    expect(await secrets.get('acme', 'flowhub')).toBeUndefined();
  });

  it('validates tenant and value', async () => {
    expect((await rejection(secrets.set('ghost', 'flowhub', 'x'))).code).toBe('not_found');
    expect((await rejection(secrets.set('acme', 'flowhub', ''))).code).toBe('invalid_input');
    expect((await rejection(secrets.set('acme', 'flowhub', '   '))).code).toBe('invalid_input');
    expect((await rejection(secrets.set('acme', '', 'x'))).code).toBe('invalid_input');
    expect(await secrets.list('acme')).toEqual([]);
  });

  it('cannot be moved to another tenant or system, nor read with another key', async () => {
    await secrets.set('acme', 'flowhub', PLAINTEXT);
    const sealed = await store.getTenantSecret('acme', 'flowhub');
    if (sealed === undefined) throw new Error('missing row');
    await store.putTenantSecret('beta', 'flowhub', sealed);
    await store.putTenantSecret('acme', 'crm', sealed);
    for (const [tenant, system] of [
      ['beta', 'flowhub'],
      ['acme', 'crm'],
    ] as const) {
      const e = await rejection(secrets.get(tenant, system));
      expect(e.code).toBe('secret_key_invalid');
      expect(e.message).toContain(`"${tenant}"`);
      expect(e.message).toContain('was PORTICO_SECRET_KEY changed?');
      expect(e.message).not.toContain(PLAINTEXT);
    }
    const otherKey = new TenantSecrets(store, new SecretBox(randomBytes(32)));
    const e = await rejection(otherKey.get('acme', 'flowhub'));
    expect(e.code).toBe('secret_key_invalid');
    expect(e.message).not.toContain(PLAINTEXT);
  });
});

describe('TenantSecrets on disk', () => {
  it('reads a change committed by another connection (another process) on the next call', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'portico-secrets-'));
    const file = join(dir, 'portico.db');
    const key = randomBytes(32);
    const server = await openSqliteStore(file);
    await server.createTenant({ id: 'acme', name: 'Acme' });
    const serving = new TenantSecrets(server, new SecretBox(key));
    await serving.set('acme', 'flowhub', 'old');
    expect(await serving.get('acme', 'flowhub')).toBe('old');
    expect(await serving.get('acme', 'flowhub')).toBe('old');
    const cliStore = await openSqliteStore(file);
    const cli = new TenantSecrets(cliStore, new SecretBox(key));
    await cli.set('acme', 'flowhub', 'rotated');
    expect(await serving.get('acme', 'flowhub')).toBe('rotated');
    await cli.delete('acme', 'flowhub');
    expect(await serving.get('acme', 'flowhub')).toBeUndefined();
    await cliStore.close();
    await server.close();
  });

  it('never writes the plaintext into the database files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'portico-secrets-'));
    const file = join(dir, 'portico.db');
    const store = await openSqliteStore(file);
    await store.createTenant({ id: 'acme', name: 'Acme' });
    const secrets = new TenantSecrets(store, new SecretBox(randomBytes(32)));
    await secrets.set('acme', 'flowhub', PLAINTEXT);
    await secrets.set('acme', 'flowhub', `${PLAINTEXT}-rotated`);
    expect(await secrets.get('acme', 'flowhub')).toBe(`${PLAINTEXT}-rotated`);
    // Control: the system name is stored in clear, so the scan below does see the database contents.
    const bytesOf = () =>
      ['', '-wal', '-journal']
        .map((s) => `${file}${s}`)
        .filter((f) => existsSync(f))
        .map((f) => readFileSync(f).toString('latin1'))
        .join('');
    expect(bytesOf()).toContain('flowhub');
    expect(bytesOf()).not.toContain('PLAINTEXT_marker');
    await store.close();
    const all = bytesOf();
    expect(all).toContain('flowhub');
    expect(all).not.toContain('PLAINTEXT_marker');
  });
});
