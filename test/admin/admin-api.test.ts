import { randomBytes } from 'node:crypto';
import { Hono } from 'hono';
import { afterEach, describe, expect, it } from 'vitest';
import { createAdminApi } from '../../src/admin/index.js';
import { AuditLog } from '../../src/audit/index.js';
import { AccessService } from '../../src/auth/index.js';
import { createMemoryLimiterBackend, Limits } from '../../src/limits/index.js';
import { silentLogger } from '../../src/observability/index.js';
import { SecretBox, TenantSecrets } from '../../src/secrets/index.js';
import { parseRate } from '../../src/spec/index.js';
import { openSqliteStore, type Store } from '../../src/store/index.js';
import type { AuditRow } from '../../src/store/types.js';

const ADMIN = 'admin-secret-token-0123456789';

interface Setup {
  app: Hono;
  store: Store;
  access: AccessService;
  secrets: TenantSecrets;
  audit: AuditLog;
  call(
    method: string,
    path: string,
    opts?: { body?: unknown; raw?: string; token?: string | null; address?: string },
  ): Promise<Response>;
}

const opened: Setup[] = [];

afterEach(async () => {
  for (const s of opened.splice(0)) {
    await s.audit.close();
    await s.access.close();
    await s.store.close();
  }
});

async function setup(opts: { adminToken?: string | undefined; authFailures?: string } = {}): Promise<Setup> {
  const store = await openSqliteStore(':memory:');
  const logger = silentLogger();
  const access = new AccessService(store, { logger });
  const secrets = new TenantSecrets(store, new SecretBox(randomBytes(32)));
  const audit = new AuditLog(store, { logger, retentionDays: 30 });
  const limits = new Limits(
    {
      token: null,
      tenant: null,
      tenantDailyQuota: null,
      authFailures: parseRate(opts.authFailures ?? '3/min')!,
      accountFailures: parseRate('5/15min')!,
    },
    createMemoryLimiterBackend(),
  );
  const admin = createAdminApi({
    access,
    secrets,
    audit,
    adminToken: 'adminToken' in opts ? opts.adminToken : ADMIN,
    limits,
    logger,
    clientAddress: (c) => c.req.header('x-test-address') ?? 'unknown',
  });
  const app = new Hono();
  app.get('/healthz', (c) => c.text('ok'));
  app.route('/admin/api', admin);
  const s: Setup = {
    app,
    store,
    access,
    secrets,
    audit,
    call(method, path, o = {}) {
      const headers: Record<string, string> = { 'x-test-address': o.address ?? '10.0.0.1' };
      const token = o.token === undefined ? ADMIN : o.token;
      if (token !== null) headers.authorization = `Bearer ${token}`;
      let body: string | undefined;
      if (o.raw !== undefined) body = o.raw;
      else if (o.body !== undefined) body = JSON.stringify(o.body);
      if (body !== undefined) headers['content-type'] = 'application/json';
      return Promise.resolve(
        app.request(`/admin/api${path}`, { method, headers, ...(body !== undefined ? { body } : {}) }),
      );
    },
  };
  opened.push(s);
  return s;
}

// biome-ignore lint/suspicious/noExplicitAny: response bodies are checked field by field
async function json(res: Response): Promise<any> {
  return JSON.parse(await res.text());
}

async function expectError(res: Response, status: number, code: string): Promise<string> {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/application\/json/);
  const body = await json(res);
  expect(Object.keys(body)).toEqual(['error']);
  expect(body.error.code).toBe(code);
  expect(typeof body.error.message).toBe('string');
  return body.error.message as string;
}

describe('admin API: authentication', () => {
  it('is disabled (404 admin_disabled on every route) without an admin token', async () => {
    const s = await setup({ adminToken: undefined });
    for (const [method, path] of [
      ['GET', '/tenants'],
      ['POST', '/tenants'],
      ['GET', '/tokens/tok_1'],
      ['DELETE', '/tokens/tok_1'],
      ['GET', '/audit'],
      ['GET', '/nope'],
    ] as const) {
      const msg = await expectError(await s.call(method, path), 404, 'admin_disabled');
      expect(msg).toBe('The admin API is disabled: set PORTICO_ADMIN_TOKEN to enable it.');
    }
    expect((await s.app.request('/healthz')).status).toBe(200);
  });

  it('answers 401 with the same body whether the token is missing, malformed or wrong', async () => {
    const s = await setup();
    const bodies: string[] = [];
    for (const res of [
      await s.call('GET', '/tenants', { token: null }),
      await s.call('GET', '/tenants', { token: 'wrong', address: '10.0.0.2' }),
      await s.app.request('/admin/api/tenants', { headers: { authorization: `Basic ${ADMIN}` } }),
      await s.call('GET', '/tenants', { token: `${ADMIN}x`, address: '10.0.0.3' }),
    ]) {
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe('Bearer realm="portico-admin"');
      bodies.push(await res.text());
    }
    expect(new Set(bodies).size).toBe(1);
    expect(JSON.parse(bodies[0]!).error.code).toBe('unauthenticated');
    expect(bodies[0]).not.toContain(ADMIN);
  });

  it('accepts the admin token (case-insensitive scheme)', async () => {
    const s = await setup();
    expect((await s.call('GET', '/tenants')).status).toBe(200);
    const res = await s.app.request('/admin/api/tenants', { headers: { authorization: `bearer ${ADMIN}` } });
    expect(res.status).toBe(200);
  });

  it('throttles failed attempts per client address with 429 auth_throttled and Retry-After', async () => {
    const s = await setup({ authFailures: '3/min' });
    for (let i = 0; i < 2; i++) {
      expect((await s.call('GET', '/tenants', { token: 'guess', address: '10.9.9.9' })).status).toBe(401);
    }
    // The third failure uses up 3/min: this address's guesses now answer 429 …
    const blocked = await s.call('GET', '/tenants', { token: 'guess', address: '10.9.9.9' });
    await expectError(blocked, 429, 'auth_throttled');
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    await expectError(
      await s.call('GET', '/tenants', { token: 'guess2', address: '10.9.9.9' }),
      429,
      'auth_throttled',
    );
    // … but the valid admin token from the same address is never refused.
    expect((await s.call('GET', '/tenants', { address: '10.9.9.9' })).status).toBe(200);
    // Another address is not affected.
    expect((await s.call('GET', '/tenants', { token: 'guess', address: '10.1.1.1' })).status).toBe(401);
  });

  it('requires auth before revealing whether a route exists', async () => {
    const s = await setup();
    expect((await s.call('GET', '/nope', { token: null })).status).toBe(401);
    await expectError(await s.call('GET', '/nope'), 404, 'not_found');
    await expectError(await s.call('PATCH', '/tenants'), 404, 'not_found');
  });
});

describe('admin API: tenants and their credentials', () => {
  it('creates, lists and shows tenants', async () => {
    const s = await setup();
    const created = await s.call('POST', '/tenants', { body: { id: 'acme', name: 'Acme Corp' } });
    expect(created.status).toBe(201);
    const tenant = await json(created);
    expect(tenant).toEqual({ id: 'acme', name: 'Acme Corp', created_at: expect.any(String) });
    expect(new Date(tenant.created_at).toISOString()).toBe(tenant.created_at);
    expect((await s.call('POST', '/tenants', { body: { id: 'beta' } })).status).toBe(201);

    const list = await json(await s.call('GET', '/tenants'));
    expect(list.tenants.map((t: { id: string; name: string }) => [t.id, t.name])).toEqual([
      ['acme', 'Acme Corp'],
      ['beta', 'beta'],
    ]);

    const shown = await json(await s.call('GET', '/tenants/acme'));
    expect(shown).toEqual({ ...tenant, secrets: [] });
  });

  it('refuses a duplicate (409), a bad id and bad bodies (400 naming the field)', async () => {
    const s = await setup();
    await s.call('POST', '/tenants', { body: { id: 'acme' } });
    await expectError(await s.call('POST', '/tenants', { body: { id: 'acme' } }), 409, 'conflict');
    expect(
      await expectError(await s.call('POST', '/tenants', { body: { id: 'Not OK!' } }), 400, 'invalid_input'),
    ).toContain('Not OK!');
    expect(
      await expectError(
        await s.call('POST', '/tenants', { body: { id: 'x', colour: 'red' } }),
        400,
        'invalid_input',
      ),
    ).toContain('"colour"');
    expect(
      await expectError(await s.call('POST', '/tenants', { body: { id: 42 } }), 400, 'invalid_input'),
    ).toContain('"id"');
    expect(
      await expectError(await s.call('POST', '/tenants', { body: { name: 'x' } }), 400, 'invalid_input'),
    ).toContain('"id"');
    expect(
      await expectError(await s.call('POST', '/tenants', { raw: '{"id": "x",' }), 400, 'invalid_input'),
    ).toMatch(/not valid JSON/);
    await expectError(await s.call('POST', '/tenants', { raw: '' }), 400, 'invalid_input');
    expect(
      await expectError(await s.call('POST', '/tenants', { body: ['acme'] }), 400, 'invalid_input'),
    ).toContain('JSON object');
    await expectError(
      await s.call('POST', '/tenants', { raw: JSON.stringify({ id: 'x', name: 'y'.repeat(70_000) }) }),
      413,
      'payload_too_large',
    );
    expect((await json(await s.call('GET', '/tenants'))).tenants).toHaveLength(1);
  });

  it('404s an unknown tenant', async () => {
    const s = await setup();
    expect(await expectError(await s.call('GET', '/tenants/ghost'), 404, 'not_found')).toContain('"ghost"');
    await expectError(
      await s.call('PUT', '/tenants/ghost/secrets/billing', { body: { value: 'v' } }),
      404,
      'not_found',
    );
    await expectError(await s.call('DELETE', '/tenants/ghost/secrets/billing'), 404, 'not_found');
  });

  it('sets, lists (never values) and deletes credentials', async () => {
    const s = await setup();
    await s.call('POST', '/tenants', { body: { id: 'acme' } });
    const put = await s.call('PUT', '/tenants/acme/secrets/billing', {
      body: { value: 'upstream-key-S3CRET' },
    });
    expect(put.status).toBe(204);
    expect(await put.text()).toBe('');
    expect(await s.secrets.get('acme', 'billing')).toBe('upstream-key-S3CRET');

    const replaced = await s.call('PUT', '/tenants/acme/secrets/billing', {
      body: { value: 'rotated-S3CRET' },
    });
    expect(replaced.status).toBe(204);
    expect(await s.secrets.get('acme', 'billing')).toBe('rotated-S3CRET');

    const shownRes = await s.call('GET', '/tenants/acme');
    const text = await shownRes.text();
    expect(text).not.toContain('S3CRET');
    const shown = JSON.parse(text);
    expect(shown.secrets).toEqual([{ system: 'billing', updated_at: expect.any(String) }]);

    const del = await s.call('DELETE', '/tenants/acme/secrets/billing');
    expect(del.status).toBe(204);
    expect(await s.secrets.get('acme', 'billing')).toBeUndefined();
    await expectError(await s.call('DELETE', '/tenants/acme/secrets/billing'), 404, 'not_found');
  });

  it('refuses an empty or missing credential value', async () => {
    const s = await setup();
    await s.call('POST', '/tenants', { body: { id: 'acme' } });
    expect(
      await expectError(
        await s.call('PUT', '/tenants/acme/secrets/billing', { body: { value: '  ' } }),
        400,
        'invalid_input',
      ),
    ).toContain('"value"');
    expect(
      await expectError(
        await s.call('PUT', '/tenants/acme/secrets/billing', { body: {} }),
        400,
        'invalid_input',
      ),
    ).toContain('"value"');
    expect(
      await expectError(
        await s.call('PUT', '/tenants/acme/secrets/billing', { body: { value: 7 } }),
        400,
        'invalid_input',
      ),
    ).toContain('"value"');
    expect(await s.secrets.list('acme')).toEqual([]);
  });
});

describe('admin API: tokens', () => {
  it('creates a token: 201, the secret once, no-store, never the hash', async () => {
    const s = await setup();
    await s.call('POST', '/tenants', { body: { id: 'acme' } });
    const res = await s.call('POST', '/tokens', {
      body: {
        tenant: 'acme',
        label: 'ci-bot',
        scopes: ['mcp.tools.discovery', 'mcp.tools.invoke', 'mcp.tools.write'],
        expires: '30d',
        rate_limit: '120/min',
        views: ['billing'],
      },
    });
    expect(res.status).toBe(201);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const text = await res.text();
    const body = JSON.parse(text);
    expect(Object.keys(body).sort()).toEqual(['secret', 'token']);
    expect(body.secret).toMatch(/^mcp_/);
    const token = body.token;
    expect(Object.keys(token).sort()).toEqual(
      [
        'id',
        'tenant',
        'label',
        'prefix',
        'scopes',
        'views',
        'rate_limit',
        'created_at',
        'expires_at',
        'revoked_at',
        'last_used_at',
        'status',
      ].sort(),
    );
    expect(token).toMatchObject({
      tenant: 'acme',
      label: 'ci-bot',
      scopes: ['mcp.tools.discovery', 'mcp.tools.invoke', 'mcp.tools.write'],
      views: ['billing'],
      rate_limit: '120/min',
      revoked_at: null,
      last_used_at: null,
      status: 'active',
    });
    expect(token.id).toMatch(/^tok_/);
    expect(body.secret.startsWith(token.prefix)).toBe(true);
    const days = (Date.parse(token.expires_at) - Date.parse(token.created_at)) / 86_400_000;
    expect(days).toBe(30);

    const stored = await s.store.getToken(token.id);
    expect(stored!.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(text).not.toContain(stored!.hash);
    expect(text).not.toContain('"hash"');

    // The secret works, and is not in any other response.
    expect((await s.access.authenticate(body.secret))?.tokenId).toBe(token.id);
    await s.access.flush();
    for (const path of [
      '/tokens',
      `/tokens/${token.id}`,
      '/tokens?tenant=acme',
      '/tenants/acme',
      '/tenants',
    ]) {
      const other = await (await s.call('GET', path)).text();
      expect(other).not.toContain(body.secret);
      expect(other).not.toContain(stored!.hash);
      expect(other).not.toContain('"hash"');
    }
    const revoked = await (await s.call('DELETE', `/tokens/${token.id}`)).text();
    expect(revoked).not.toContain(body.secret);
    expect(revoked).not.toContain(stored!.hash);
  });

  it('applies defaults: discovery+invoke, 90 days, every view, configured rate', async () => {
    const s = await setup();
    await s.call('POST', '/tenants', { body: { id: 'acme' } });
    const { token } = await json(
      await s.call('POST', '/tokens', { body: { tenant: 'acme', label: 'laptop' } }),
    );
    expect(token.scopes).toEqual(['mcp.tools.discovery', 'mcp.tools.invoke']);
    expect(token.views).toBeNull();
    expect(token.rate_limit).toBeNull();
    expect((Date.parse(token.expires_at) - Date.parse(token.created_at)) / 86_400_000).toBe(90);
    const never = await json(
      await s.call('POST', '/tokens', { body: { tenant: 'acme', label: 'forever', expires: 'none' } }),
    );
    expect(never.token.expires_at).toBeNull();
  });

  it('refuses bad token requests with 400 naming the problem and 404 for an unknown tenant', async () => {
    const s = await setup();
    await s.call('POST', '/tenants', { body: { id: 'acme' } });
    expect(
      await expectError(
        await s.call('POST', '/tokens', { body: { tenant: 'ghost', label: 'x' } }),
        404,
        'not_found',
      ),
    ).toContain('"ghost"');
    expect(
      await expectError(
        await s.call('POST', '/tokens', {
          body: { tenant: 'acme', label: 'x', scopes: ['mcp.tools.admin'] },
        }),
        400,
        'invalid_input',
      ),
    ).toContain('mcp.tools.admin');
    expect(
      await expectError(
        await s.call('POST', '/tokens', { body: { tenant: 'acme', label: 'x', scopes: 'mcp.tools.invoke' } }),
        400,
        'invalid_input',
      ),
    ).toContain('"scopes"');
    expect(
      await expectError(
        await s.call('POST', '/tokens', { body: { tenant: 'acme', label: 'x', expires: '2y' } }),
        400,
        'invalid_input',
      ),
    ).toContain('2y');
    expect(
      await expectError(
        await s.call('POST', '/tokens', { body: { tenant: 'acme', label: 'x', rate_limit: 'fast' } }),
        400,
        'invalid_input',
      ),
    ).toContain('fast');
    expect(
      await expectError(
        await s.call('POST', '/tokens', { body: { tenant: 'acme', label: 'x', rateLimit: '1/s' } }),
        400,
        'invalid_input',
      ),
    ).toContain('"rateLimit"');
    expect(
      await expectError(await s.call('POST', '/tokens', { body: { tenant: 'acme' } }), 400, 'invalid_input'),
    ).toContain('"label"');
    expect(
      await expectError(
        await s.call('POST', '/tokens', { body: { tenant: 'acme', label: 'x', views: 'billing' } }),
        400,
        'invalid_input',
      ),
    ).toContain('"views"');
    expect(await s.access.listTokens()).toEqual([]);
  });

  it('lists (optionally per tenant), shows and revokes tokens', async () => {
    const s = await setup();
    await s.call('POST', '/tenants', { body: { id: 'acme' } });
    await s.call('POST', '/tenants', { body: { id: 'beta' } });
    const a = (await json(await s.call('POST', '/tokens', { body: { tenant: 'acme', label: 'a' } }))).token;
    const b = (await json(await s.call('POST', '/tokens', { body: { tenant: 'beta', label: 'b' } }))).token;

    const all = await json(await s.call('GET', '/tokens'));
    expect(all.tokens.map((t: { id: string }) => t.id).sort()).toEqual([a.id, b.id].sort());
    const onlyAcme = await json(await s.call('GET', '/tokens?tenant=acme'));
    expect(onlyAcme.tokens.map((t: { id: string }) => t.id)).toEqual([a.id]);
    await expectError(await s.call('GET', '/tokens?tenant=ghost'), 404, 'not_found');
    expect(await expectError(await s.call('GET', '/tokens?tenent=acme'), 400, 'invalid_input')).toContain(
      '"tenent"',
    );

    expect(await json(await s.call('GET', `/tokens/${a.id}`))).toEqual(a);
    await expectError(await s.call('GET', '/tokens/tok_nope'), 404, 'not_found');

    const revokedRes = await s.call('DELETE', `/tokens/${a.id}`);
    expect(revokedRes.status).toBe(200);
    const revoked = await json(revokedRes);
    expect(revoked).toMatchObject({ id: a.id, status: 'revoked', revoked_at: expect.any(String) });
    // Idempotent: the first revocation time is kept.
    const again = await json(await s.call('DELETE', `/tokens/${a.id}`));
    expect(again.revoked_at).toBe(revoked.revoked_at);
    expect((await json(await s.call('GET', `/tokens/${a.id}`))).status).toBe('revoked');
    await expectError(await s.call('DELETE', '/tokens/tok_nope'), 404, 'not_found');
  });

  it('reports last use and the expired status', async () => {
    const s = await setup();
    await s.call('POST', '/tenants', { body: { id: 'acme' } });
    const { token, secret } = await json(
      await s.call('POST', '/tokens', { body: { tenant: 'acme', label: 'a' } }),
    );
    expect(await s.access.authenticate(secret)).toBeDefined();
    await s.access.flush();
    const used = await json(await s.call('GET', `/tokens/${token.id}`));
    expect(used.last_used_at).not.toBeNull();

    const past = new Date(Date.now() - 86_400_000);
    await s.store.insertToken({
      id: 'tok_expired0000000',
      tenantId: 'acme',
      label: 'old',
      prefix: 'mcp_old',
      hash: 'a'.repeat(64),
      scopes: ['mcp.tools.discovery'],
      views: null,
      rateLimit: null,
      createdAt: new Date(past.getTime() - 86_400_000),
      expiresAt: past,
    });
    expect((await json(await s.call('GET', '/tokens/tok_expired0000000'))).status).toBe('expired');
  });
});

describe('admin API: audit', () => {
  const base: AuditRow = {
    at: new Date(),
    tenantId: 'acme',
    tokenId: 'tok_a',
    view: 'default',
    method: 'tools/call',
    tool: 'get_invoice',
    outcome: 'ok',
    upstreamStatus: 200,
    durationMs: 12,
    requestId: 'req-1',
    argKeys: ['id'],
    args: null,
  };

  async function seeded(): Promise<Setup> {
    const s = await setup();
    const now = Date.now();
    const rows: AuditRow[] = [
      { ...base, at: new Date(now - 3 * 3_600_000), requestId: 'req-old' },
      {
        ...base,
        at: new Date(now - 30 * 60_000),
        tool: 'create_invoice',
        outcome: 'upstream_error',
        upstreamStatus: 503,
        requestId: 'req-2',
      },
      { ...base, at: new Date(now - 10 * 60_000), tenantId: 'beta', tokenId: 'tok_b', requestId: 'req-3' },
      {
        ...base,
        at: new Date(now - 60_000),
        method: 'tools/list',
        tool: null,
        upstreamStatus: null,
        requestId: 'req-4',
      },
    ];
    for (const r of rows) s.audit.record(r);
    await s.audit.flush();
    return s;
  }

  const ids = (body: { rows: Array<{ request_id: string }> }) => body.rows.map((r) => r.request_id);

  it('returns rows newest first with ISO times and snake_case fields', async () => {
    const s = await seeded();
    const body = await json(await s.call('GET', '/audit'));
    expect(ids(body)).toEqual(['req-4', 'req-3', 'req-2', 'req-old']);
    expect(body.rows[1]).toEqual({
      id: expect.any(Number),
      at: expect.any(String),
      tenant: 'beta',
      token: 'tok_b',
      view: 'default',
      method: 'tools/call',
      tool: 'get_invoice',
      outcome: 'ok',
      upstream_status: 200,
      duration_ms: 12,
      request_id: 'req-3',
      arg_keys: ['id'],
      args: null,
    });
    expect(new Date(body.rows[1].at).toISOString()).toBe(body.rows[1].at);
  });

  it('filters by tenant, tool, outcome, since, until and limit', async () => {
    const s = await seeded();
    expect(ids(await json(await s.call('GET', '/audit?tenant=beta')))).toEqual(['req-3']);
    expect(ids(await json(await s.call('GET', '/audit?tool=create_invoice')))).toEqual(['req-2']);
    expect(ids(await json(await s.call('GET', '/audit?outcome=upstream_error')))).toEqual(['req-2']);
    expect(ids(await json(await s.call('GET', '/audit?since=1h')))).toEqual(['req-4', 'req-3', 'req-2']);
    expect(ids(await json(await s.call('GET', '/audit?until=20m')))).toEqual(['req-2', 'req-old']);
    const iso = new Date(Date.now() - 15 * 60_000).toISOString();
    expect(ids(await json(await s.call('GET', `/audit?since=${encodeURIComponent(iso)}`)))).toEqual([
      'req-4',
      'req-3',
    ]);
    expect(ids(await json(await s.call('GET', '/audit?limit=2')))).toEqual(['req-4', 'req-3']);
    expect(ids(await json(await s.call('GET', '/audit?tenant=acme&tool=get_invoice&since=7d')))).toEqual([
      'req-old',
    ]);
  });

  it('rejects bad filters with 400 naming the parameter', async () => {
    const s = await seeded();
    expect(await expectError(await s.call('GET', '/audit?outcome=great'), 400, 'invalid_input')).toContain(
      '"outcome"',
    );
    expect(await expectError(await s.call('GET', '/audit?since=yesterday'), 400, 'invalid_input')).toContain(
      '"since"',
    );
    expect(await expectError(await s.call('GET', '/audit?limit=0'), 400, 'invalid_input')).toContain(
      '"limit"',
    );
    expect(await expectError(await s.call('GET', '/audit?limit=abc'), 400, 'invalid_input')).toContain(
      '"limit"',
    );
    expect(await expectError(await s.call('GET', '/audit?user=x'), 400, 'invalid_input')).toContain('"user"');
  });
});

describe('admin API: hostile bodies (issue 11)', () => {
  it('answers a body nested 30,000 levels deep with 400 invalid_input naming the depth, not 500', async () => {
    const s = await setup();
    const deep = `{"id":"x","name":${'['.repeat(30_000)}${']'.repeat(30_000)}}`;
    const message = await expectError(await s.call('POST', '/tenants', { raw: deep }), 400, 'invalid_input');
    expect(message).toContain('nested deeper than 64 levels');
  });
});
