import { describe, expect, it } from 'vitest';
import { PorticoError } from '../../src/errors/index.js';
import type { NewOAuthGrant, Store } from '../../src/store/index.js';

const T0 = new Date('2026-03-01T10:00:00.000Z');
const minutes = (n: number): Date => new Date(T0.getTime() + n * 60_000);

async function code(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(PorticoError);
    return (err as PorticoError).code;
  }
  throw new Error('expected a rejection');
}

function grant(over: Partial<NewOAuthGrant> = {}): NewOAuthGrant {
  return {
    id: 'grt_1',
    tenantId: 'acme',
    userId: 'usr_1',
    clientId: 'cli_1',
    clientName: 'Client One',
    scopes: ['mcp.tools.discovery'],
    resource: 'http://127.0.0.1:8787/mcp',
    createdAt: T0,
    ...over,
  };
}

/** The OAuth half of the Store contract (users, clients, grants, single-use codes, refresh tokens). */
export function oauthContract(get: () => Store): void {
  describe('oauth', () => {
    const seed = async () => {
      const store = get();
      await store.createTenant({ id: 'acme', name: 'Acme' });
      await store.insertOAuthUser({
        id: 'usr_1',
        tenantId: 'acme',
        email: 'Ada@Acme.Test',
        passwordHash: 'scrypt$x',
        createdAt: T0,
        disabled: false,
      });
      return store;
    };

    it('stores users with lower-cased unique emails, lists and disables them', async () => {
      const store = await seed();
      const ada = await store.findOAuthUserByEmail('ADA@acme.test');
      expect(ada).toMatchObject({ id: 'usr_1', tenantId: 'acme', email: 'ada@acme.test', disabled: false });
      expect(ada?.createdAt).toEqual(T0);
      const dup = {
        id: 'usr_2',
        tenantId: 'acme',
        email: 'ada@ACME.test',
        passwordHash: 'h',
        createdAt: T0,
        disabled: false,
      };
      expect(await code(store.insertOAuthUser(dup))).toBe('conflict');
      expect(await code(store.insertOAuthUser({ ...dup, email: 'b@x.y', tenantId: 'nope' }))).toBe(
        'not_found',
      );
      await store.createTenant({ id: 'globex', name: 'Globex' });
      await store.insertOAuthUser({ ...dup, email: 'bob@globex.test', tenantId: 'globex' });
      expect((await store.listOAuthUsers()).map((u) => u.email)).toEqual([
        'ada@acme.test',
        'bob@globex.test',
      ]);
      expect((await store.listOAuthUsers({ tenantId: 'globex' })).map((u) => u.id)).toEqual(['usr_2']);
      expect((await store.setOAuthUserDisabled('usr_1', true))?.disabled).toBe(true);
      expect((await store.getOAuthUser('usr_1'))?.disabled).toBe(true);
      expect(await store.setOAuthUserDisabled('usr_x', true)).toBeUndefined();
    });

    it('gives users the member role by default and changes role and password', async () => {
      const store = await seed();
      expect((await store.getOAuthUser('usr_1'))?.role).toBe('member');
      await store.insertOAuthUser({
        id: 'usr_op',
        tenantId: 'acme',
        email: 'op@acme.test',
        passwordHash: 'h',
        createdAt: T0,
        disabled: false,
        role: 'operator',
      });
      expect((await store.findOAuthUserByEmail('op@acme.test'))?.role).toBe('operator');
      expect((await store.setOAuthUserRole('usr_1', 'admin'))?.role).toBe('admin');
      expect((await store.getOAuthUser('usr_1'))?.role).toBe('admin');
      expect(await store.setOAuthUserRole('usr_x', 'admin')).toBeUndefined();
      expect((await store.setOAuthUserPassword('usr_1', 'scrypt$new'))?.passwordHash).toBe('scrypt$new');
      expect(await store.setOAuthUserPassword('usr_x', 'h')).toBeUndefined();
    });

    it('stores registered clients', async () => {
      const store = get();
      const rec = {
        id: 'cli_1',
        name: 'One',
        redirectUris: ['http://127.0.0.1/cb'],
        tokenEndpointAuthMethod: 'none',
        secretHash: null,
        createdAt: T0,
      };
      await store.insertOAuthClient(rec);
      expect(await store.getOAuthClient('cli_1')).toEqual(rec);
      expect(await store.getOAuthClient('cli_2')).toBeUndefined();
      expect(await code(store.insertOAuthClient(rec))).toBe('conflict');
    });

    it('records grants and revokes them idempotently', async () => {
      const store = await seed();
      const g = await store.insertOAuthGrant(grant());
      expect(g.revokedAt).toBeNull();
      expect(await store.getOAuthGrant('grt_1')).toEqual(g);
      await store.insertOAuthGrant(grant({ id: 'grt_2', createdAt: minutes(1) }));
      expect((await store.listOAuthGrants({ userId: 'usr_1' })).map((x) => x.id)).toEqual(['grt_2', 'grt_1']);
      expect((await store.revokeOAuthGrant('grt_1', minutes(5)))?.revokedAt).toEqual(minutes(5));
      expect((await store.revokeOAuthGrant('grt_1', minutes(9)))?.revokedAt).toEqual(minutes(5));
      expect(await store.revokeOAuthGrant('grt_x', minutes(9))).toBeUndefined();
      expect(await code(store.insertOAuthGrant(grant({ id: 'grt_3', userId: 'usr_x' })))).toBe('not_found');
    });

    it('consumes codes and refresh tokens exactly once', async () => {
      const store = await seed();
      await store.insertOAuthGrant(grant());
      await store.insertOAuthCode({
        hash: 'c1',
        grantId: 'grt_1',
        clientId: 'cli_1',
        redirectUri: 'http://127.0.0.1/cb',
        codeChallenge: 'ch',
        resource: 'http://127.0.0.1:8787/mcp',
        scopes: ['mcp.tools.discovery'],
        expiresAt: minutes(10),
      });
      const first = await store.consumeOAuthCode('c1', minutes(1));
      expect(first?.firstUse).toBe(true);
      expect(first?.record).toMatchObject({ grantId: 'grt_1', codeChallenge: 'ch', usedAt: minutes(1) });
      const second = await store.consumeOAuthCode('c1', minutes(2));
      expect(second?.firstUse).toBe(false);
      expect(second?.record.usedAt).toEqual(minutes(1));
      expect(await store.consumeOAuthCode('nope', minutes(2))).toBeUndefined();

      await store.insertOAuthRefresh({ hash: 'r1', grantId: 'grt_1', createdAt: T0, expiresAt: minutes(60) });
      expect(await store.findOAuthRefresh('r1')).toMatchObject({ grantId: 'grt_1', usedAt: null });
      const [a, b] = await Promise.all([
        store.consumeOAuthRefresh('r1', minutes(3)),
        store.consumeOAuthRefresh('r1', minutes(3)),
      ]);
      expect([a?.firstUse, b?.firstUse].sort()).toEqual([false, true]);
      expect(await store.consumeOAuthRefresh('nope', minutes(3))).toBeUndefined();
    });

    it('caches client metadata documents until they expire, replacing and pruning', async () => {
      const store = get();
      const url = 'https://app.example.com/oauth/client.json';
      const now = new Date('2026-03-01T12:00:00.000Z');
      expect(await store.getClientMetadata(url, now)).toBeUndefined();
      await store.putClientMetadata(url, '{"v":1}', new Date(now.getTime() + 60_000));
      expect(await store.getClientMetadata(url, now)).toBe('{"v":1}');
      await store.putClientMetadata(url, '{"v":2}', new Date(now.getTime() + 60_000));
      expect(await store.getClientMetadata(url, now)).toBe('{"v":2}');
      expect(await store.getClientMetadata(url, new Date(now.getTime() + 60_000))).toBeUndefined();
      // Entries already expired (by the clock) are dropped by the next write.
      const stale = 'https://old.example.com/client.json';
      await store.putClientMetadata(stale, '{}', new Date(Date.now() - 1_000));
      expect(await store.getClientMetadata(stale, new Date(0))).toBe('{}');
      await store.putClientMetadata(url, '{"v":3}', new Date(Date.now() + 60_000));
      expect(await store.getClientMetadata(stale, new Date(0))).toBeUndefined();
    });
  });
}
