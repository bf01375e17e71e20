import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createAdminApi } from '../../src/admin/index.js';
import { AuditLog } from '../../src/audit/index.js';
import { AccessService } from '../../src/auth/index.js';
import { OAuthGrants, OAuthUsers } from '../../src/oauth/index.js';
import { silentLogger } from '../../src/observability/index.js';
import { SecretBox, TenantSecrets } from '../../src/secrets/index.js';
import { openSqliteStore, type Store } from '../../src/store/index.js';

const ADMIN = `adm_${randomBytes(12).toString('hex')}`;
const T0 = new Date('2026-03-01T10:00:00.000Z');

interface Setup {
  store: Store;
  grants: OAuthGrants;
  call(method: string, path: string, token?: string | null): Promise<Response>;
  close(): Promise<void>;
}
const opened: Setup[] = [];
afterEach(async () => {
  for (const s of opened.splice(0)) await s.close();
});

/** An admin API over a fresh SQLite store with acme (ada, bob) and globex (gil), each with grants. */
async function setup(): Promise<Setup> {
  const store = await openSqliteStore(':memory:');
  const logger = silentLogger();
  const access = new AccessService(store, { logger });
  const audit = new AuditLog(store, { logger, retentionDays: 30 });
  const grants = new OAuthGrants(store, () => new Date('2026-03-02T00:00:00.000Z'));
  const app = createAdminApi({
    access,
    secrets: new TenantSecrets(store, new SecretBox(randomBytes(32))),
    audit,
    grants,
    adminToken: ADMIN,
    logger,
  });
  await access.createTenant({ id: 'acme' });
  await access.createTenant({ id: 'globex' });
  const users = new OAuthUsers(store);
  const password = 'correct horse battery staple';
  const ada = await users.create({ tenantId: 'acme', email: 'ada@acme.example', password });
  const bob = await users.create({ tenantId: 'acme', email: 'bob@acme.example', password });
  const gil = await users.create({ tenantId: 'globex', email: 'gil@globex.example', password });
  await store.insertOAuthClient({
    id: 'cli_1',
    name: 'Claude',
    redirectUris: ['http://127.0.0.1/cb'],
    tokenEndpointAuthMethod: 'none',
    secretHash: null,
    createdAt: T0,
  });
  let n = 0;
  for (const u of [ada, ada, bob, gil]) {
    n += 1;
    await store.insertOAuthGrant({
      id: `grt_${n}`,
      tenantId: u.tenantId,
      userId: u.id,
      clientId: 'cli_1',
      clientName: 'Claude',
      scopes: ['mcp.tools.discovery', 'mcp.tools.invoke'],
      resource: 'http://127.0.0.1:8787/mcp',
      createdAt: new Date(T0.getTime() + n * 60_000),
    });
  }
  const s: Setup = {
    store,
    grants,
    call: async (method, path, token = ADMIN) =>
      app.request(path, { method, headers: token === null ? {} : { authorization: `Bearer ${token}` } }),
    close: async () => {
      await audit.close();
      await access.close();
      await store.close();
    },
  };
  opened.push(s);
  return s;
}

const ids = async (res: Response) =>
  ((await res.json()) as { grants: { id: string }[] }).grants.map((g) => g.id);

describe('admin API: OAuth grants', () => {
  it('lists active grants newest first, by tenant and by user (id or email)', async () => {
    const s = await setup();
    expect(await ids(await s.call('GET', '/grants'))).toEqual(['grt_4', 'grt_3', 'grt_2', 'grt_1']);
    expect(await ids(await s.call('GET', '/grants?tenant=acme'))).toEqual(['grt_3', 'grt_2', 'grt_1']);
    expect(await ids(await s.call('GET', '/grants?user=ADA@acme.example'))).toEqual(['grt_2', 'grt_1']);
    const res = await s.call('GET', '/grants?tenant=globex');
    expect(await res.json()).toEqual({
      grants: [
        {
          id: 'grt_4',
          tenant: 'globex',
          user: expect.stringMatching(/^usr_/),
          email: 'gil@globex.example',
          client_id: 'cli_1',
          client_name: 'Claude',
          scopes: ['mcp.tools.discovery', 'mcp.tools.invoke'],
          resource: 'http://127.0.0.1:8787/mcp',
          created_at: '2026-03-01T10:04:00.000Z',
          revoked_at: null,
          status: 'active',
        },
      ],
    });
  });

  it('revokes one grant (idempotent, first time kept); revoked ones only with status=all', async () => {
    const s = await setup();
    const del = await s.call('DELETE', '/grants/grt_2');
    expect(del.status).toBe(200);
    expect(await del.json()).toMatchObject({
      id: 'grt_2',
      status: 'revoked',
      revoked_at: '2026-03-02T00:00:00.000Z',
    });
    expect((await s.store.getOAuthGrant('grt_2'))?.revokedAt).toEqual(new Date('2026-03-02T00:00:00.000Z'));
    expect(await ids(await s.call('GET', '/grants?user=ada@acme.example'))).toEqual(['grt_1']);
    expect(await ids(await s.call('GET', '/grants?user=ada@acme.example&status=all'))).toEqual([
      'grt_2',
      'grt_1',
    ]);
    const again = await s.call('DELETE', '/grants/grt_2');
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ revoked_at: '2026-03-02T00:00:00.000Z' });
    expect(await (await s.call('GET', '/grants/grt_2')).json()).toMatchObject({ status: 'revoked' });
  });

  it('refuses bad input with actionable errors', async () => {
    const s = await setup();
    const code = async (res: Response) => [
      res.status,
      ((await res.json()) as { error: { code: string } }).error.code,
    ];
    expect(await code(await s.call('GET', '/grants', null))).toEqual([401, 'unauthenticated']);
    expect(await code(await s.call('GET', '/grants?tenant=nope'))).toEqual([404, 'not_found']);
    expect(await code(await s.call('GET', '/grants?user=nobody@x.example'))).toEqual([404, 'not_found']);
    expect(await code(await s.call('GET', '/grants?status=revoked'))).toEqual([400, 'invalid_input']);
    expect(await code(await s.call('GET', '/grants/grt_9'))).toEqual([404, 'not_found']);
    expect(await code(await s.call('DELETE', '/grants/grt_9'))).toEqual([404, 'not_found']);
  });
});

describe('OAuthGrants scoping (for a console acting for one tenant or user)', () => {
  it('a grant of another tenant or user is "not found" and stays active', async () => {
    const s = await setup();
    await expect(s.grants.revoke('grt_4', { tenantId: 'acme' })).rejects.toThrow(/Grant "grt_4" not found/);
    const bob = (await s.grants.list({ user: 'bob@acme.example' }))[0]!;
    await expect(s.grants.revoke('grt_1', { userId: bob.userId })).rejects.toThrow(/not found/);
    expect((await s.store.getOAuthGrant('grt_4'))?.revokedAt).toBeNull();
    expect((await s.store.getOAuthGrant('grt_1'))?.revokedAt).toBeNull();
    expect((await s.grants.revoke('grt_3', { userId: bob.userId })).revokedAt).not.toBeNull();
  });
});
