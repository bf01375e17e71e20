import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AccessService, hashTokenSecret } from '../../src/auth/index.js';
import { PorticoError } from '../../src/errors/index.js';
import { openSqliteStore, type Store } from '../../src/store/index.js';

const DAY = 86_400_000;

async function rejection(p: Promise<unknown>): Promise<PorticoError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof PorticoError) return err;
    throw err;
  }
  throw new Error('expected a PorticoError');
}

describe('AccessService', () => {
  let store: Store;
  let clock: Date;
  let access: AccessService;

  beforeEach(async () => {
    store = await openSqliteStore(':memory:');
    clock = new Date('2026-03-01T12:00:00.000Z');
    access = new AccessService(store, { now: () => clock, touchFlushMs: 60_000 });
  });

  afterEach(async () => {
    await access.close();
    await store.close();
  });

  describe('tenants', () => {
    it('creates, gets and lists tenants; the name defaults to the id', async () => {
      const acme = await access.createTenant({ id: 'acme', name: 'Acme Corp' });
      expect(acme).toMatchObject({ id: 'acme', name: 'Acme Corp' });
      expect(await access.createTenant({ id: 'beta_2-x' })).toMatchObject({
        id: 'beta_2-x',
        name: 'beta_2-x',
      });
      expect((await access.listTenants()).map((t) => t.id)).toEqual(['acme', 'beta_2-x']);
      expect(await access.getTenant('acme')).toMatchObject({ name: 'Acme Corp' });
      expect(await access.getTenant('nope')).toBeUndefined();
    });

    it.each(['', 'Acme', '-acme', '_a', 'a b', 'a'.repeat(41), 'acme!', 'é'])(
      'rejects the id %j',
      async (id) => {
        const e = await rejection(access.createTenant({ id }));
        expect(e.code).toBe('invalid_input');
        expect(e.message).toContain('1–40 lower-case letters');
      },
    );

    it('accepts 1 and 40 characters', async () => {
      await access.createTenant({ id: '7' });
      await access.createTenant({ id: 'a'.repeat(40) });
      expect(await access.listTenants()).toHaveLength(2);
    });

    it('reports a duplicate id as a conflict', async () => {
      await access.createTenant({ id: 'acme' });
      const e = await rejection(access.createTenant({ id: 'acme', name: 'Other' }));
      expect(e.code).toBe('conflict');
      expect(e.message).toContain('acme');
    });

    it('rejects an empty or control-character name', async () => {
      expect((await rejection(access.createTenant({ id: 'acme', name: '  ' }))).code).toBe('invalid_input');
      expect((await rejection(access.createTenant({ id: 'acme', name: 'a\u0007b' }))).code).toBe(
        'invalid_input',
      );
      expect(await access.listTenants()).toEqual([]);
    });
  });

  describe('tokens', () => {
    beforeEach(async () => {
      await access.createTenant({ id: 'acme', name: 'Acme Corp' });
    });

    it('issues a token with defaults and returns the secret once (only its hash is stored)', async () => {
      const { token, secret } = await access.createToken({ tenantId: 'acme', label: 'ci-bot' });
      expect(secret).toMatch(/^mcp_[0-9A-Za-z]{43}$/);
      expect(token.id).toMatch(/^tok_[0-9a-f]{16}$/);
      expect(token).toMatchObject({
        tenantId: 'acme',
        label: 'ci-bot',
        prefix: secret.slice(0, 10),
        scopes: ['mcp.tools.discovery', 'mcp.tools.invoke'],
        views: null,
        rateLimit: null,
        revokedAt: null,
        lastUsedAt: null,
      });
      expect(token.expiresAt?.getTime()).toBe(clock.getTime() + 90 * DAY);
      expect(token).not.toHaveProperty('hash');
      expect(JSON.stringify(token)).not.toContain(secret);
      const stored = await store.getToken(token.id);
      expect(stored?.hash).toBe(hashTokenSecret(secret));
      const listed = await access.listTokens();
      expect(listed).toHaveLength(1);
      expect(listed[0]).not.toHaveProperty('hash');
      expect(JSON.stringify(listed)).not.toContain(secret);
    });

    it('takes scopes, expiry, rate limit and views', async () => {
      const { token } = await access.createToken({
        tenantId: 'acme',
        label: 'writer',
        scopes: 'mcp.tools.write,mcp.tools.discovery',
        expires: 'never',
        rateLimit: ' 5/min ',
        views: ['ops', 'ops', 'billing'],
      });
      expect(token).toMatchObject({
        scopes: ['mcp.tools.discovery', 'mcp.tools.write'],
        expiresAt: null,
        rateLimit: '5/min',
        views: ['ops', 'billing'],
      });
      const { token: short } = await access.createToken({ tenantId: 'acme', label: 'short', expires: '30d' });
      expect(short.expiresAt?.getTime()).toBe(clock.getTime() + 30 * DAY);
    });

    it('validates its input', async () => {
      expect((await rejection(access.createToken({ tenantId: 'ghost', label: 'x' }))).code).toBe('not_found');
      expect((await rejection(access.createToken({ tenantId: 'acme', label: '' }))).code).toBe(
        'invalid_input',
      );
      expect((await rejection(access.createToken({ tenantId: 'acme', label: 'x'.repeat(101) }))).code).toBe(
        'invalid_input',
      );
      expect((await rejection(access.createToken({ tenantId: 'acme', label: 'a\nb' }))).code).toBe(
        'invalid_input',
      );
      await access.createToken({ tenantId: 'acme', label: 'x'.repeat(100) });
      const scope = await rejection(
        access.createToken({ tenantId: 'acme', label: 'x', scopes: ['mcp.tools.all'] }),
      );
      expect(scope.code).toBe('invalid_input');
      const expiry = await rejection(access.createToken({ tenantId: 'acme', label: 'x', expires: '2y' }));
      expect(expiry.message).toContain('never');
      const rate = await rejection(access.createToken({ tenantId: 'acme', label: 'x', rateLimit: 'lots' }));
      expect(rate.code).toBe('invalid_input');
      expect(rate.message).toContain('120/min');
      const views = await rejection(access.createToken({ tenantId: 'acme', label: 'x', views: [] }));
      expect(views.code).toBe('invalid_input');
      expect(await access.listTokens()).toHaveLength(1);
    });

    it('lists tokens per tenant', async () => {
      await access.createTenant({ id: 'beta' });
      await access.createToken({ tenantId: 'acme', label: 'a1' });
      await access.createToken({ tenantId: 'beta', label: 'b1' });
      await access.createToken({ tenantId: 'acme', label: 'a2' });
      expect((await access.listTokens({ tenantId: 'acme' })).map((t) => t.label).sort()).toEqual([
        'a1',
        'a2',
      ]);
      expect((await access.listTokens({ tenantId: 'beta' })).map((t) => t.label)).toEqual(['b1']);
      expect(await access.listTokens()).toHaveLength(3);
    });

    it('revokes idempotently and reports unknown ids', async () => {
      const { token } = await access.createToken({ tenantId: 'acme', label: 'x' });
      const first = await access.revokeToken(token.id);
      expect(first.revokedAt?.getTime()).toBe(clock.getTime());
      clock = new Date(clock.getTime() + 1000);
      const again = await access.revokeToken(token.id);
      expect(again.revokedAt?.getTime()).toBe(first.revokedAt?.getTime());
      expect(again).not.toHaveProperty('hash');
      const e = await rejection(access.revokeToken('tok_0000000000000000'));
      expect(e.code).toBe('not_found');
    });
  });

  describe('authenticate', () => {
    beforeEach(async () => {
      await access.createTenant({ id: 'acme', name: 'Acme Corp' });
    });

    it('resolves a valid secret to its principal', async () => {
      const { token, secret } = await access.createToken({
        tenantId: 'acme',
        label: 'ci-bot',
        scopes: ['mcp.tools.discovery', 'mcp.tools.write'],
        rateLimit: '10/s',
        views: ['ops'],
      });
      const p = await access.authenticate(secret);
      expect(p).toMatchObject({
        kind: 'token',
        tenantId: 'acme',
        tenantName: 'Acme Corp',
        tokenId: token.id,
        subject: token.id,
        label: 'ci-bot',
        prefix: token.prefix,
        views: ['ops'],
        rateLimit: '10/s',
      });
      expect([...(p?.scopes ?? [])]).toEqual(['mcp.tools.discovery', 'mcp.tools.write']);
      expect(p?.expiresAt?.getTime()).toBe(token.expiresAt?.getTime());
    });

    it('refuses malformed, unknown, expired and revoked secrets, with a reason for metrics', async () => {
      const { secret: good } = await access.createToken({ tenantId: 'acme', label: 'good', expires: '1d' });
      const { token: revoked, secret: revokedSecret } = await access.createToken({
        tenantId: 'acme',
        label: 'r',
      });
      await access.revokeToken(revoked.id);
      const unknown = `mcp_${'A'.repeat(43)}`;
      for (const s of ['', 'not-a-token', 'mcp_short', `${good}x!`]) {
        expect(await access.authenticate(s)).toBeUndefined();
        expect((await access.authenticateDetailed(s)).reason).toBe('malformed');
      }
      expect(await access.authenticate(unknown)).toBeUndefined();
      expect((await access.authenticateDetailed(unknown)).reason).toBe('unknown');
      expect(await access.authenticate(revokedSecret)).toBeUndefined();
      expect((await access.authenticateDetailed(revokedSecret)).reason).toBe('revoked');
      expect(await access.authenticate(good)).toBeDefined();
      clock = new Date(clock.getTime() + DAY);
      expect(await access.authenticate(good)).toBeUndefined();
      expect((await access.authenticateDetailed(good)).reason).toBe('expired');
    });

    it('caches token records until any token changes: a revocation elsewhere applies at once', async () => {
      const { token, secret } = await access.createToken({ tenantId: 'acme', label: 'x' });
      const find = vi.spyOn(store, 'findTokenByHash');
      const tenant = vi.spyOn(store, 'getTenant');
      expect(await access.authenticate(secret)).toBeDefined();
      expect(await access.authenticate(secret)).toBeDefined();
      expect(find).toHaveBeenCalledTimes(1);
      expect(tenant.mock.calls.length).toBeLessThanOrEqual(1);
      // Another service on the same store revokes: the stamp changes, the next call reads again.
      const cli = new AccessService(store);
      await cli.revokeToken(token.id);
      await cli.close();
      expect(await access.authenticate(secret)).toBeUndefined();
      expect(find).toHaveBeenCalledTimes(2);
      // Malformed secrets never reach the store.
      await access.authenticate('garbage');
      expect(find).toHaveBeenCalledTimes(2);
    });

    it('sees a revocation committed by another connection (another process) on the next call', async () => {
      const file = join(mkdtempSync(join(tmpdir(), 'portico-access-')), 'portico.db');
      const server = await openSqliteStore(file);
      const cliStore = await openSqliteStore(file);
      try {
        const serverAccess = new AccessService(server);
        await serverAccess.createTenant({ id: 'acme' });
        const { token, secret } = await serverAccess.createToken({ tenantId: 'acme', label: 'x' });
        expect(await serverAccess.authenticate(secret)).toBeDefined();
        expect(await serverAccess.authenticate(secret)).toBeDefined(); // now cached
        await new AccessService(cliStore).revokeToken(token.id);
        expect(await serverAccess.authenticate(secret)).toBeUndefined();
        await serverAccess.close();
      } finally {
        await cliStore.close();
        await server.close();
      }
    });

    it('checks expiry on every call, cached or not', async () => {
      const { secret } = await access.createToken({ tenantId: 'acme', label: 'x', expires: '1d' });
      expect(await access.authenticate(secret)).toBeDefined();
      clock = new Date(clock.getTime() + 86_400_000 + 1);
      expect(await access.authenticate(secret)).toBeUndefined();
    });

    it('coalesces last-use writes into one batch and shows pending uses in listings', async () => {
      const { token: a, secret: sa } = await access.createToken({ tenantId: 'acme', label: 'a' });
      const { token: b, secret: sb } = await access.createToken({ tenantId: 'acme', label: 'b' });
      const touch = vi.spyOn(store, 'touchTokens');
      for (let i = 0; i < 5; i++) {
        clock = new Date(clock.getTime() + 1000);
        await access.authenticate(sa);
        await access.authenticate(sb);
      }
      expect(touch).not.toHaveBeenCalled();
      expect((await store.getToken(a.id))?.lastUsedAt).toBeNull();
      const listed = await access.listTokens();
      expect(listed.find((t) => t.id === a.id)?.lastUsedAt?.getTime()).toBe(clock.getTime());
      expect(listed.find((t) => t.id === b.id)?.lastUsedAt?.getTime()).toBe(clock.getTime());
      await access.flush();
      expect(touch).toHaveBeenCalledTimes(1);
      expect(touch.mock.calls[0]?.[0]).toHaveLength(2);
      expect((await store.getToken(a.id))?.lastUsedAt?.getTime()).toBe(clock.getTime());
      await access.flush();
      expect(touch).toHaveBeenCalledTimes(1);
    });

    it('writes pending uses on its own after touchFlushMs, and on close', async () => {
      const fast = new AccessService(store, { now: () => clock, touchFlushMs: 20 });
      const { token, secret } = await fast.createToken({ tenantId: 'acme', label: 'fast' });
      await fast.authenticate(secret);
      await vi.waitFor(async () => {
        expect((await store.getToken(token.id))?.lastUsedAt?.getTime()).toBe(clock.getTime());
      });
      clock = new Date(clock.getTime() + 5000);
      const slow = new AccessService(store, { now: () => clock, touchFlushMs: 3_600_000 });
      await slow.authenticate(secret);
      await slow.close();
      expect((await store.getToken(token.id))?.lastUsedAt?.getTime()).toBe(clock.getTime());
      await fast.close();
    });
  });
});
