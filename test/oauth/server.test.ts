import { randomBytes } from 'node:crypto';
import { Hono } from 'hono';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CONFIG_DEFAULTS } from '../../src/config/index.js';
import { createMemoryLimiterBackend, Limits } from '../../src/limits/index.js';
import {
  AuthorizationServer,
  ClientRegistry,
  createOAuth,
  type OAuthService,
  SigningKeys,
} from '../../src/oauth/index.js';
import { consentPage } from '../../src/oauth/pages.js';
import { SecretBox } from '../../src/secrets/index.js';
import { parseRate } from '../../src/spec/index.js';
import { openSqliteStore, type Store } from '../../src/store/index.js';
import { formRequest, pkce } from './helpers.js';

const BASE = 'http://localhost';
const REDIRECT = 'http://127.0.0.1:9999/cb';
const USER = { email: 'ada@acme.test', password: 'correct horse battery staple' };

let store: Store;
let oauth: OAuthService;
let app: Hono;
let secretKey: Buffer;

function limits(failures = '100/min') {
  return new Limits(
    {
      token: null,
      tenant: null,
      tenantDailyQuota: null,
      authFailures: parseRate(failures)!,
      accountFailures: parseRate('5/15min')!,
    },
    createMemoryLimiterBackend(),
  );
}

async function setup(failures?: string) {
  store = await openSqliteStore(':memory:');
  await store.createTenant({ id: 'acme', name: 'Acme' });
  const key = randomBytes(32);
  secretKey = key;
  oauth = (await createOAuth({
    config: {
      mode: 'builtin',
      accessTokenTtlSec: 900,
      refreshTokenTtlSec: CONFIG_DEFAULTS.oauthRefreshTokenTtlSec,
      dynamicRegistration: true,
      allowInsecureClientMetadata: false,
    },
    store,
    box: new SecretBox(key),
    secretKey: key,
    limiter: limits(failures),
    clientAddress: () => '203.0.113.9',
  }))!;
  await oauth.users!.create({ tenantId: 'acme', ...USER });
  app = new Hono();
  // A probe that verifies a bearer as the edge would, for the view in the path.
  app.get('/probe/:view', async (c) => {
    const token = (c.req.header('authorization') ?? '').replace(/^Bearer /, '');
    const p = await oauth.verify(token, c, c.req.param('view'));
    return p === undefined
      ? c.json({ ok: false }, 401)
      : c.json({ ok: true, tenant: p.tenantId, grant: p.tokenId });
  });
  app.route(
    '/',
    oauth.routes((v) => v === 'default' || v === 'ops'),
  );
}

/** POST a form as a non-browser client (no Origin header); `scope` may repeat, as checkboxes do. */
const form = (
  path: string,
  fields: Record<string, string | string[]>,
  headers: Record<string, string> = {},
) =>
  app.request(path, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(
      Object.entries(fields).flatMap(([k, v]) => (Array.isArray(v) ? v.map((x) => [k, x]) : [[k, v]])),
    ).toString(),
  });

/** The scopes a consent page offers, ticked. */
const offered = (html: string) =>
  [...html.matchAll(/name="scope" value="([^"]+)" checked/g)].map((m) => m[1]!);

async function registerClient(body: Record<string, unknown> = {}) {
  const res = await app.request('/oauth/register', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      client_name: 'Test',
      redirect_uris: [REDIRECT],
      token_endpoint_auth_method: 'none',
      ...body,
    }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, string> };
}

/** Authorize + sign in + approve; returns the code and its verifier. */
async function authorize(clientId: string, resource = `${BASE}/mcp`, scope?: string) {
  const { verifier, challenge } = pkce();
  const q = new URLSearchParams({
    response_type: 'code',
    client_id: clientId,
    redirect_uri: REDIRECT,
    code_challenge: challenge,
    code_challenge_method: 'S256',
    state: 'st',
    resource,
    ...(scope !== undefined ? { scope } : {}),
  });
  const page = await app.request(`/oauth/authorize?${q}`);
  expect(page.status).toBe(200);
  const consent = await form('/oauth/authorize', {
    request: formRequest(await page.text()),
    step: 'signin',
    ...USER,
  });
  expect(consent.status).toBe(200);
  const html = await consent.text();
  const done = await form('/oauth/authorize', {
    request: formRequest(html),
    step: 'consent',
    decision: 'approve',
    scope: offered(html),
  });
  expect(done.status).toBe(303);
  const back = new URL(done.headers.get('location')!);
  return { code: back.searchParams.get('code')!, verifier, back };
}

async function token(fields: Record<string, string>, headers: Record<string, string> = {}) {
  const res = await form('/oauth/token', fields, headers);
  return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, string> };
}

async function login(clientId: string, resource?: string, scope?: string) {
  const { code, verifier } = await authorize(clientId, resource, scope);
  return token({
    grant_type: 'authorization_code',
    code,
    code_verifier: verifier,
    redirect_uri: REDIRECT,
    client_id: clientId,
  });
}

const probe = (view: string, bearer: string) =>
  app.request(`/probe/${view}`, { headers: { authorization: `Bearer ${bearer}` } });

beforeEach(async () => {
  await setup();
});
afterEach(async () => {
  await store.close();
});

describe('access tokens', () => {
  it('are ES256 JWTs with the documented claims, verifiable with the published JWKS', async () => {
    const { body: client } = await registerClient();
    const { status, body, headers } = await login(
      client.client_id!,
      `${BASE}/mcp/ops`,
      'mcp.tools.discovery',
    );
    expect(status).toBe(200);
    expect(headers.get('cache-control')).toBe('no-store');
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 900, scope: 'mcp.tools.discovery' });
    const jwks = (await (await app.request('/oauth/jwks')).json()) as { keys: [] };
    const { payload, protectedHeader } = await jwtVerify(body.access_token!, createLocalJWKSet(jwks), {
      issuer: BASE,
      audience: `${BASE}/mcp/ops`,
    });
    expect(protectedHeader).toMatchObject({ alg: 'ES256', typ: 'at+jwt' });
    expect(protectedHeader.kid).toBeTypeOf('string');
    const grant = (await store.listOAuthGrants())[0]!;
    const user = await store.findOAuthUserByEmail(USER.email);
    expect(payload).toMatchObject({
      sub: user!.id,
      scope: 'mcp.tools.discovery',
      client_id: client.client_id,
      portico_tenant: 'acme',
      portico_grant: grant.id,
    });
    expect(payload.exp! - payload.iat!).toBe(900);
    expect(payload.jti).toBeTypeOf('string');
  });

  it('verify: audience per endpoint, /mcp tokens cover views, revoked grants fail', async () => {
    const { body: client } = await registerClient();
    const root = (await login(client.client_id!)).body.access_token!;
    const ops = (await login(client.client_id!, `${BASE}/mcp/ops`)).body.access_token!;
    expect((await probe('default', root)).status).toBe(200);
    expect((await probe('ops', root)).status).toBe(200);
    expect((await probe('ops', ops)).status).toBe(200);
    expect((await probe('default', ops)).status).toBe(401);
    expect((await probe('default', `${root.slice(0, -4)}AAAA`)).status).toBe(401);
    expect((await probe('default', 'not-a-jwt')).status).toBe(401);
    const { grant } = (await (await probe('default', root)).json()) as { grant: string };
    await store.revokeOAuthGrant(grant, new Date());
    expect((await probe('default', root)).status).toBe(401);
  });

  it('keeps the signing key across restarts (sealed in the store)', async () => {
    const jwks = (await (await app.request('/oauth/jwks')).json()) as { keys: Array<{ kid: string }> };
    const again = await SigningKeys.load(store, new SecretBox(secretKey));
    expect(again.kid).toBe(jwks.keys[0]!.kid);
    expect(await store.getSetting('oauth_signing_key')).not.toContain('"d"');
    await expect(SigningKeys.load(store, new SecretBox(randomBytes(32)))).rejects.toThrow(/cannot decrypt/);
  });
});

describe('refresh tokens', () => {
  it('rotate on every use; a replay revokes the grant and all its tokens', async () => {
    const { body: client } = await registerClient();
    const first = (await login(client.client_id!)).body;
    const second = await token({
      grant_type: 'refresh_token',
      refresh_token: first.refresh_token!,
      client_id: client.client_id!,
    });
    expect(second.status).toBe(200);
    expect(second.body.refresh_token).not.toBe(first.refresh_token);
    const third = await token({
      grant_type: 'refresh_token',
      refresh_token: second.body.refresh_token!,
      client_id: client.client_id!,
    });
    expect(third.status).toBe(200);
    expect((await probe('default', third.body.access_token!)).status).toBe(200);

    const replay = await token({
      grant_type: 'refresh_token',
      refresh_token: first.refresh_token!,
      client_id: client.client_id!,
    });
    expect(replay).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    expect((await probe('default', third.body.access_token!)).status).toBe(401);
    const after = await token({
      grant_type: 'refresh_token',
      refresh_token: third.body.refresh_token!,
      client_id: client.client_id!,
    });
    expect(after.body.error).toBe('invalid_grant');
  });

  it('check the client, resource and scope', async () => {
    const { body: a } = await registerClient();
    const { body: b } = await registerClient();
    const t = (await login(a.client_id!)).body;
    expect(
      (await token({ grant_type: 'refresh_token', refresh_token: t.refresh_token!, client_id: b.client_id! }))
        .body.error,
    ).toBe('invalid_grant');
    expect(
      (
        await token({
          grant_type: 'refresh_token',
          refresh_token: t.refresh_token!,
          client_id: a.client_id!,
          resource: `${BASE}/mcp/ops`,
        })
      ).body.error,
    ).toBe('invalid_target');
    // The rejected attempt above consumed nothing for another client, but this one consumed the token:
    const fresh = (await login(a.client_id!)).body;
    const narrowed = await token({
      grant_type: 'refresh_token',
      refresh_token: fresh.refresh_token!,
      client_id: a.client_id!,
      scope: 'mcp.tools.discovery',
    });
    expect(narrowed.body.scope).toBe('mcp.tools.discovery');
    const widened = await token({
      grant_type: 'refresh_token',
      refresh_token: narrowed.body.refresh_token!,
      client_id: a.client_id!,
      scope: 'mcp.tools.write',
    });
    expect(widened.body.error).toBe('invalid_scope');
  });

  it('revocation (RFC 7009) of a refresh token revokes its grant', async () => {
    const { body: client } = await registerClient();
    const t = (await login(client.client_id!)).body;
    const res = await form('/oauth/revoke', { token: t.refresh_token!, client_id: client.client_id! });
    expect(res.status).toBe(200);
    expect((await probe('default', t.access_token!)).status).toBe(401);
    expect((await form('/oauth/revoke', { token: 'unknown', client_id: client.client_id! })).status).toBe(
      200,
    );
  });
});

describe('authorization codes', () => {
  it('expire after 10 minutes', async () => {
    let now = new Date('2026-05-01T10:00:00Z');
    const server = new AuthorizationServer({
      store,
      keys: await SigningKeys.load(store, new SecretBox(secretKey)),
      accessTokenTtlSec: 60,
      refreshTokenTtlSec: 600,
      now: () => now,
    });
    const clients = new ClientRegistry({ store, allowInsecureMetadata: false });
    const { client_id } = (await clients.register({
      redirect_uris: [REDIRECT],
      token_endpoint_auth_method: 'none',
    })) as {
      client_id: string;
    };
    const client = (await clients.resolve(client_id))!;
    const user = (await store.findOAuthUserByEmail(USER.email))!;
    const { verifier, challenge } = pkce();
    const req = {
      clientId: client_id,
      redirectUri: REDIRECT,
      codeChallenge: challenge,
      resource: `${BASE}/mcp`,
      scopes: [],
    };
    const code = await server.approve(req, user, client);
    now = new Date(now.getTime() + 601_000);
    await expect(
      server.exchangeCode({ code, redirectUri: REDIRECT, codeVerifier: verifier }, client, BASE),
    ).rejects.toMatchObject({ error: 'invalid_grant', description: expect.stringMatching(/expired/) });
  });

  it('need the same redirect_uri and client', async () => {
    const { body: a } = await registerClient();
    const { body: b } = await registerClient();
    const one = await authorize(a.client_id!);
    const base = { grant_type: 'authorization_code', code_verifier: one.verifier };
    expect(
      (await token({ ...base, code: one.code, client_id: b.client_id!, redirect_uri: REDIRECT })).body.error,
    ).toBe('invalid_grant');
    const two = await authorize(a.client_id!);
    expect(
      (
        await token({
          ...base,
          code_verifier: two.verifier,
          code: two.code,
          client_id: a.client_id!,
          redirect_uri: 'http://127.0.0.1:9999/other',
        })
      ).body.error,
    ).toBe('invalid_grant');
  });
});

describe('endpoints', () => {
  it('token endpoint errors are RFC 6749 JSON', async () => {
    const { body: client } = await registerClient();
    expect((await token({ grant_type: 'password', client_id: client.client_id! })).body.error).toBe(
      'unsupported_grant_type',
    );
    expect((await token({ client_id: client.client_id! })).body.error).toBe('invalid_request');
    const unknown = await token({ grant_type: 'authorization_code', code: 'x', client_id: 'cli_nope' });
    expect(unknown.status).toBe(401);
    expect(unknown.body.error).toBe('invalid_client');
    const json = await app.request('/oauth/token', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(((await json.json()) as { error: string }).error).toBe('invalid_request');
  });

  it('confidential DCR clients authenticate with their secret (post or basic)', async () => {
    const { status, body } = await registerClient({ token_endpoint_auth_method: 'client_secret_basic' });
    expect(status).toBe(201);
    expect(body.client_secret).toBeTypeOf('string');
    const { code, verifier } = await authorize(body.client_id!);
    const fields = {
      grant_type: 'authorization_code',
      code,
      code_verifier: verifier,
      redirect_uri: REDIRECT,
    };
    const wrong = await token({ ...fields, client_id: body.client_id!, client_secret: 'nope' });
    expect(wrong.status).toBe(401);
    const basic = Buffer.from(`${body.client_id}:${body.client_secret}`).toString('base64');
    const ok = await token(fields, { authorization: `Basic ${basic}` });
    expect(ok.status).toBe(200);
  });

  it('registration refuses non-loopback http redirect URIs and unsupported grants', async () => {
    expect((await registerClient({ redirect_uris: ['http://app.example/cb'] })).body.error).toBe(
      'invalid_redirect_uri',
    );
    expect((await registerClient({ redirect_uris: [] })).body.error).toBe('invalid_redirect_uri');
    expect((await registerClient({ grant_types: ['client_credentials'] })).body.error).toBe(
      'invalid_client_metadata',
    );
  });

  it('authorize: unknown clients and unregistered redirect URIs get a page, other errors go back to the client', async () => {
    const { body: client } = await registerClient();
    const bad = await app.request(
      `/oauth/authorize?client_id=cli_nope&redirect_uri=${encodeURIComponent(REDIRECT)}`,
    );
    expect(bad.status).toBe(400);
    const evil = await app.request(
      `/oauth/authorize?client_id=${client.client_id}&redirect_uri=${encodeURIComponent('https://evil.example/cb')}`,
    );
    expect(evil.status).toBe(400);
    expect(evil.headers.get('location')).toBeNull();
    const noPkce = await app.request(
      `/oauth/authorize?response_type=code&client_id=${client.client_id}&redirect_uri=${encodeURIComponent(REDIRECT)}&state=s`,
    );
    expect(noPkce.status).toBe(303);
    const loc = new URL(noPkce.headers.get('location')!);
    expect(loc.searchParams.get('error')).toBe('invalid_request');
    expect(loc.searchParams.get('state')).toBe('s');
    expect(loc.searchParams.get('iss')).toBe(BASE);
    const { challenge } = pkce();
    const foreign = await app.request(
      `/oauth/authorize?${new URLSearchParams({
        response_type: 'code',
        client_id: client.client_id!,
        redirect_uri: REDIRECT,
        code_challenge: challenge,
        code_challenge_method: 'S256',
        resource: 'https://other.example/mcp',
      })}`,
    );
    expect(new URL(foreign.headers.get('location')!).searchParams.get('error')).toBe('invalid_target');
  });

  it('the sign-in form needs the signed request and is throttled per address', async () => {
    await store.close();
    await setup('3/min');
    const { body: client } = await registerClient();
    const { challenge } = pkce();
    const page = await app.request(
      `/oauth/authorize?${new URLSearchParams({
        response_type: 'code',
        client_id: client.client_id!,
        redirect_uri: REDIRECT,
        code_challenge: challenge,
        code_challenge_method: 'S256',
      })}`,
    );
    const request = formRequest(await page.text());
    expect((await form('/oauth/authorize', { request: `${request}x`, step: 'signin', ...USER })).status).toBe(
      400,
    );
    expect((await form('/oauth/authorize', { request, step: 'consent', decision: 'approve' })).status).toBe(
      400,
    );
    for (let i = 0; i < 2; i++) {
      const res = await form('/oauth/authorize', {
        request,
        step: 'signin',
        email: USER.email,
        password: 'wrong password!',
      });
      expect(res.status).toBe(401);
    }
    // The third failure uses up the address's 3/min: wrong passwords now answer 429 …
    const blocked = await form('/oauth/authorize', {
      request,
      step: 'signin',
      email: USER.email,
      password: 'wrong password!',
    });
    expect(blocked.status).toBe(429);
    expect(blocked.headers.get('retry-after')).toMatch(/^\d+$/);
    // … but the right password is never refused by the address throttle.
    const right = await form('/oauth/authorize', { request, step: 'signin', ...USER });
    expect(right.status).toBe(200);
    expect(await right.text()).toContain('consent');
  });

  it('refuses forged Host headers as issuer or audience', async () => {
    const res = await app.request('http://evil.example/.well-known/oauth-authorization-server');
    expect(res.status).toBe(403);
    expect((await app.request('/.well-known/oauth-protected-resource/mcp/nope')).status).toBe(404);
  });

  it('a disabled user can no longer sign in or refresh', async () => {
    const { body: client } = await registerClient();
    const t = (await login(client.client_id!)).body;
    await oauth.users!.setDisabled(USER.email, true);
    const r = await token({
      grant_type: 'refresh_token',
      refresh_token: t.refresh_token!,
      client_id: client.client_id!,
    });
    expect(r.body.error).toBe('invalid_grant');
  });
});

describe('consent', () => {
  /** Authorize and sign in; returns the consent page's HTML. */
  async function consentFor(clientId: string, scope?: string): Promise<string> {
    const { challenge } = pkce();
    const q = new URLSearchParams({
      response_type: 'code',
      client_id: clientId,
      redirect_uri: REDIRECT,
      code_challenge: challenge,
      code_challenge_method: 'S256',
      ...(scope !== undefined ? { scope } : {}),
    });
    const page = await app.request(`/oauth/authorize?${q}`);
    const consent = await form('/oauth/authorize', {
      request: formRequest(await page.text()),
      step: 'signin',
      ...USER,
    });
    expect(consent.status).toBe(200);
    return consent.text();
  }

  it('offers each requested scope as a ticked checkbox and grants only the ticked ones', async () => {
    const { body: client } = await registerClient();
    const html = await consentFor(client.client_id!, 'mcp.tools.discovery mcp.tools.invoke mcp.tools.write');
    expect(offered(html)).toEqual(['mcp.tools.discovery', 'mcp.tools.invoke', 'mcp.tools.write']);
    const none = await form('/oauth/authorize', {
      request: formRequest(html),
      step: 'consent',
      decision: 'approve',
    });
    expect(none.status).toBe(400);
    expect(await none.text()).toContain('Tick at least one permission');
    // A scope that was not requested cannot be slipped in by the form.
    const done = await form('/oauth/authorize', {
      request: formRequest(html),
      step: 'consent',
      decision: 'approve',
      scope: ['mcp.tools.discovery', 'mcp.tools.write'],
    });
    expect(done.status).toBe(303);
    const code = new URL(done.headers.get('location')!).searchParams.get('code')!;
    const grants = await store.listOAuthGrants({}); // newest first
    expect(grants[0]!.scopes).toEqual(['mcp.tools.discovery', 'mcp.tools.write']);
    expect(code).toBeTruthy();
  });

  it('is single-use: posting the same consent form again mints no second code', async () => {
    const { body: client } = await registerClient();
    const html = await consentFor(client.client_id!);
    const fields = { request: formRequest(html), step: 'consent', decision: 'approve', scope: offered(html) };
    const [a, b] = await Promise.all([form('/oauth/authorize', fields), form('/oauth/authorize', fields)]);
    const again = await form('/oauth/authorize', fields);
    const statuses = [a.status, b.status, again.status].sort();
    expect(statuses).toEqual([303, 400, 400]);
    expect(await again.text()).toContain('already submitted');
    expect((await store.listOAuthGrants({})).filter((g) => g.clientId === client.client_id)).toHaveLength(1);
  });

  it('marks names from dynamic registration as unverified', async () => {
    const { body: client } = await registerClient({ client_name: 'Totally Official App' });
    const html = await consentFor(client.client_id!);
    expect(html).toContain('Totally Official App</strong> <span class="warn">(unverified');
  });
});

describe('consent page names', () => {
  it('a name vouched for by an https client metadata document carries no "unverified" note', () => {
    const page = (verified: boolean) =>
      consentPage({
        client: { name: 'Docs Client', host: 'app.example', verified },
        request: 'r',
        email: 'ada@acme.test',
        tenant: 'acme',
        scopes: ['mcp.tools.discovery'],
        resource: `${BASE}/mcp`,
      });
    expect(page(true)).not.toContain('unverified');
    expect(page(false)).toContain('unverified');
  });
});
