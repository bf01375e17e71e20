import { describe, expect, it } from 'vitest';
import { PorticoError } from '../../src/errors/index.js';
import type { NewTokenRecord, Store } from '../../src/store/index.js';

const T0 = new Date('2026-03-01T10:00:00.000Z');
const minutes = (n: number): Date => new Date(T0.getTime() + n * 60_000);

/** A token record with distinct values in every field (override what a test varies). */
export function newToken(over: Partial<NewTokenRecord> = {}): NewTokenRecord {
  const id = over.id ?? 'tok_a';
  return {
    id,
    tenantId: 'acme',
    label: `label of ${id}`,
    prefix: 'mcp_4fG7k2',
    hash: `${id.replace(/[^a-f0-9]/g, '')}${'0'.repeat(64)}`.slice(0, 64),
    scopes: ['tools:call', 'tools:list'],
    views: ['default', 'admin'],
    rateLimit: '120/min',
    createdAt: T0,
    expiresAt: minutes(60 * 24),
    ...over,
  };
}

async function rejection(p: Promise<unknown>): Promise<PorticoError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(PorticoError);
    return err as PorticoError;
  }
  throw new Error('expected a rejection');
}

/** Tenants, tokens and tenant secrets of the Store contract. */
export function tenancyContract(store: () => Store): void {
  describe('tenants', () => {
    it('creates, reads and lists tenants ordered by id', async () => {
      const before = Date.now();
      const created = await store().createTenant({ id: 'globex', name: 'Globex Corp' });
      expect(created.id).toBe('globex');
      expect(created.name).toBe('Globex Corp');
      expect(created.createdAt).toBeInstanceOf(Date);
      expect(created.createdAt.getTime()).toBeGreaterThanOrEqual(before);
      await store().createTenant({ id: 'acme', name: 'Acme' });
      await store().createTenant({ id: 'initech', name: 'Initech' });

      const got = await store().getTenant('globex');
      expect(got).toEqual(created);
      expect(got?.createdAt).toBeInstanceOf(Date);
      expect(await store().getTenant('nobody')).toBeUndefined();
      expect((await store().listTenants()).map((t) => [t.id, t.name])).toEqual([
        ['acme', 'Acme'],
        ['globex', 'Globex Corp'],
        ['initech', 'Initech'],
      ]);
    });

    it('lists no tenants in a fresh store', async () => {
      expect(await store().listTenants()).toEqual([]);
    });

    it('refuses a duplicate tenant id with conflict and a clear message', async () => {
      await store().createTenant({ id: 'acme', name: 'Acme' });
      const err = await rejection(store().createTenant({ id: 'acme', name: 'Other' }));
      expect(err.code).toBe('conflict');
      expect(err.message).toContain('Tenant "acme" already exists.');
      expect((await store().getTenant('acme'))?.name).toBe('Acme');
      expect(await store().listTenants()).toHaveLength(1);
    });
  });

  describe('tokens', () => {
    it('round-trips every field of a token (JSON arrays, nulls, dates as Date)', async () => {
      await store().createTenant({ id: 'acme', name: 'Acme' });
      const full = newToken({ id: 'tok_a1' });
      const bare = newToken({
        id: 'tok_b2',
        scopes: [],
        views: null,
        rateLimit: null,
        expiresAt: null,
        label: 'ünïcødé "quoted" label',
      });
      const inserted = await store().insertToken(full);
      expect(inserted).toEqual({ ...full, revokedAt: null, lastUsedAt: null });
      await store().insertToken(bare);

      const a = await store().getToken('tok_a1');
      expect(a).toEqual({ ...full, revokedAt: null, lastUsedAt: null });
      expect(a?.createdAt).toBeInstanceOf(Date);
      expect(a?.expiresAt).toBeInstanceOf(Date);
      expect(a?.scopes).toEqual(['tools:call', 'tools:list']);
      expect(a?.views).toEqual(['default', 'admin']);

      const b = await store().getToken('tok_b2');
      expect(b).toEqual({ ...bare, revokedAt: null, lastUsedAt: null });
      expect(b?.views).toBeNull();
      expect(b?.scopes).toEqual([]);
      expect(await store().getToken('tok_missing')).toBeUndefined();
    });

    it('finds a token by the hash of its secret, revoked and expired ones included', async () => {
      await store().createTenant({ id: 'acme', name: 'Acme' });
      const t = newToken({ id: 'tok_c3', expiresAt: new Date('2020-01-01T00:00:00.000Z') });
      await store().insertToken(t);
      await store().insertToken(newToken({ id: 'tok_d4' }));
      expect((await store().findTokenByHash(t.hash))?.id).toBe('tok_c3');
      await store().revokeToken('tok_c3', minutes(5));
      const found = await store().findTokenByHash(t.hash);
      expect(found?.id).toBe('tok_c3');
      expect(found?.revokedAt).toEqual(minutes(5));
      expect(found?.expiresAt).toEqual(new Date('2020-01-01T00:00:00.000Z'));
      expect(await store().findTokenByHash('f'.repeat(64))).toBeUndefined();
    });

    it('refuses a token of an unknown tenant with not_found', async () => {
      const err = await rejection(store().insertToken(newToken({ tenantId: 'ghost' })));
      expect(err.code).toBe('not_found');
      expect(err.message).toContain('ghost');
      expect(await store().listTokens()).toEqual([]);
    });

    it('refuses a duplicate token id or hash with conflict, without echoing the hash', async () => {
      await store().createTenant({ id: 'acme', name: 'Acme' });
      const first = newToken({ id: 'tok_a1' });
      await store().insertToken(first);
      const sameId = await rejection(store().insertToken(newToken({ id: 'tok_a1', hash: 'b'.repeat(64) })));
      expect(sameId.code).toBe('conflict');
      const sameHash = await rejection(store().insertToken(newToken({ id: 'tok_e5', hash: first.hash })));
      expect(sameHash.code).toBe('conflict');
      expect(sameHash.message).not.toContain(first.hash);
      expect(JSON.stringify(sameHash.details)).not.toContain(first.hash);
      expect((await store().listTokens()).map((t) => t.id)).toEqual(['tok_a1']);
    });

    it('lists tokens newest first, optionally of one tenant', async () => {
      await store().createTenant({ id: 'acme', name: 'Acme' });
      await store().createTenant({ id: 'globex', name: 'Globex' });
      await store().insertToken(newToken({ id: 'tok_a1', createdAt: minutes(1) }));
      await store().insertToken(newToken({ id: 'tok_c3', createdAt: minutes(3), tenantId: 'globex' }));
      await store().insertToken(newToken({ id: 'tok_b2', createdAt: minutes(2) }));
      expect((await store().listTokens()).map((t) => t.id)).toEqual(['tok_c3', 'tok_b2', 'tok_a1']);
      expect((await store().listTokens({})).map((t) => t.id)).toEqual(['tok_c3', 'tok_b2', 'tok_a1']);
      expect((await store().listTokens({ tenantId: 'acme' })).map((t) => t.id)).toEqual(['tok_b2', 'tok_a1']);
      expect((await store().listTokens({ tenantId: 'globex' })).map((t) => t.id)).toEqual(['tok_c3']);
      expect(await store().listTokens({ tenantId: 'nobody' })).toEqual([]);
    });

    it('records the console user who created a token and lists by user', async () => {
      await store().createTenant({ id: 'acme', name: 'Acme' });
      await store().insertToken(newToken({ id: 'tok_u1', userId: 'usr_1' }));
      await store().insertToken(newToken({ id: 'tok_u2', hash: 'b'.repeat(64), userId: 'usr_2' }));
      await store().insertToken(newToken({ id: 'tok_cli', hash: 'c'.repeat(64) }));
      expect((await store().getToken('tok_u1'))?.userId).toBe('usr_1');
      expect((await store().getToken('tok_cli'))?.userId ?? null).toBeNull();
      expect((await store().listTokens({ userId: 'usr_2' })).map((t) => t.id)).toEqual(['tok_u2']);
      expect((await store().listTokens({ tenantId: 'acme', userId: 'usr_1' })).map((t) => t.id)).toEqual([
        'tok_u1',
      ]);
    });

    it('revokes idempotently, keeping the first revocation time', async () => {
      await store().createTenant({ id: 'acme', name: 'Acme' });
      await store().insertToken(newToken({ id: 'tok_a1' }));
      await store().insertToken(newToken({ id: 'tok_b2' }));
      const first = await store().revokeToken('tok_a1', minutes(10));
      expect(first?.revokedAt).toEqual(minutes(10));
      expect(first?.revokedAt).toBeInstanceOf(Date);
      const again = await store().revokeToken('tok_a1', minutes(20));
      expect(again?.revokedAt).toEqual(minutes(10));
      expect((await store().getToken('tok_a1'))?.revokedAt).toEqual(minutes(10));
      expect((await store().getToken('tok_b2'))?.revokedAt).toBeNull();
      expect(await store().revokeToken('tok_missing', minutes(1))).toBeUndefined();
    });

    it('records last use in one batch and never moves it backwards', async () => {
      await store().createTenant({ id: 'acme', name: 'Acme' });
      await store().insertToken(newToken({ id: 'tok_a1' }));
      await store().insertToken(newToken({ id: 'tok_b2' }));
      await store().insertToken(newToken({ id: 'tok_c3' }));
      await store().touchTokens([]);
      expect((await store().getToken('tok_a1'))?.lastUsedAt).toBeNull();

      await store().touchTokens([
        { id: 'tok_a1', at: minutes(5) },
        { id: 'tok_b2', at: minutes(7) },
        { id: 'tok_a1', at: minutes(9) },
        { id: 'tok_a1', at: minutes(6) },
        { id: 'tok_unknown', at: minutes(8) },
      ]);
      const a = await store().getToken('tok_a1');
      expect(a?.lastUsedAt).toEqual(minutes(9));
      expect(a?.lastUsedAt).toBeInstanceOf(Date);
      expect((await store().getToken('tok_b2'))?.lastUsedAt).toEqual(minutes(7));
      expect((await store().getToken('tok_c3'))?.lastUsedAt).toBeNull();
      expect(await store().getToken('tok_unknown')).toBeUndefined();

      await store().touchTokens([
        { id: 'tok_a1', at: minutes(3) },
        { id: 'tok_b2', at: minutes(8) },
      ]);
      expect((await store().getToken('tok_a1'))?.lastUsedAt).toEqual(minutes(9));
      expect((await store().getToken('tok_b2'))?.lastUsedAt).toEqual(minutes(8));
      expect((await store().findTokenByHash(newToken({ id: 'tok_b2' }).hash))?.lastUsedAt).toEqual(
        minutes(8),
      );
    });
  });

  describe('tenant secrets', () => {
    const sealed = (n: number) => ({ ciphertext: `Y2lwaGVy${n}==`, iv: `aXY${n}=`, tag: `dGFn${n}=` });

    it('stores, replaces, lists (without values) and deletes per tenant and system', async () => {
      await store().createTenant({ id: 'acme', name: 'Acme' });
      await store().createTenant({ id: 'globex', name: 'Globex' });
      expect(await store().getTenantSecret('acme', 'crm')).toBeUndefined();
      expect(await store().listTenantSecrets('acme')).toEqual([]);

      await store().putTenantSecret('acme', 'crm', sealed(1));
      await store().putTenantSecret('acme', 'billing', sealed(2));
      await store().putTenantSecret('globex', 'crm', sealed(3));
      expect(await store().getTenantSecret('acme', 'crm')).toEqual(sealed(1));
      expect(await store().getTenantSecret('globex', 'crm')).toEqual(sealed(3));

      const before = Date.now();
      await store().putTenantSecret('acme', 'crm', sealed(4));
      expect(await store().getTenantSecret('acme', 'crm')).toEqual(sealed(4));
      expect(await store().getTenantSecret('globex', 'crm')).toEqual(sealed(3));

      const listing = await store().listTenantSecrets('acme');
      expect(listing.map((s) => [s.tenantId, s.system])).toEqual([
        ['acme', 'billing'],
        ['acme', 'crm'],
      ]);
      for (const s of listing) {
        expect(s.updatedAt).toBeInstanceOf(Date);
        expect(Object.keys(s).sort()).toEqual(['system', 'tenantId', 'updatedAt']);
      }
      expect(listing[1]!.updatedAt.getTime()).toBeGreaterThanOrEqual(before);
      expect(JSON.stringify(listing)).not.toContain('Y2lwaGVy');

      expect(await store().deleteTenantSecret('acme', 'crm')).toBe(true);
      expect(await store().deleteTenantSecret('acme', 'crm')).toBe(false);
      expect(await store().deleteTenantSecret('acme', 'nothing')).toBe(false);
      expect(await store().getTenantSecret('acme', 'crm')).toBeUndefined();
      expect(await store().getTenantSecret('globex', 'crm')).toEqual(sealed(3));
      expect((await store().listTenantSecrets('acme')).map((s) => s.system)).toEqual(['billing']);
    });
  });
}
