import { afterEach, describe, expect, it } from 'vitest';
import { isPorticoError } from '../../src/errors/index.js';
import type { UpstreamAuth } from '../../src/spec/index.js';
import { createUpstreamClient, type UpstreamClient } from '../../src/upstream/index.js';
import { json, operation, refusedOrigin, startServer, system, type TestServer } from './helpers.js';

let tokens: TestServer | undefined;
let api: TestServer | undefined;
let client: UpstreamClient | undefined;

afterEach(async () => {
  await client?.close();
  await tokens?.close();
  await api?.close();
  client = tokens = api = undefined;
});

const SECRET = 's3cr3t-value';

/** A token endpoint issuing `t1`, `t2`, … with the given lifetime. */
async function startTokenServer(expiresIn = 3600): Promise<TestServer> {
  const server = await startServer((_req, res) => {
    json(res, 200, { access_token: `t${server.seen.length}`, token_type: 'Bearer', expires_in: expiresIn });
  });
  return server;
}

function oauth(tokenServer: TestServer, over: Partial<UpstreamAuth> = {}): UpstreamAuth {
  return {
    type: 'oauth2_client_credentials',
    tokenUrl: `${tokenServer.url}/oauth/token`,
    clientId: 'portico-client',
    clientSecret: SECRET,
    scopes: ['flows:read', 'flows:write'],
    audience: 'https://api.example.com',
    ...over,
  } as UpstreamAuth;
}

function bearerOf(server: TestServer, i: number): string | undefined {
  return server.seen[i]?.headers.authorization;
}

describe('OAuth2 client credentials', () => {
  it('fetches a token with a form-encoded client-credentials grant and sends it as a bearer', async () => {
    tokens = await startTokenServer();
    api = await startServer((_req, res) => json(res, 200, { ok: true }));
    client = createUpstreamClient();
    const res = await client.call({
      operation: operation(),
      system: system(api.url, { auth: oauth(tokens) }),
      args: { flow: 'x' },
    });
    expect(res.status).toBe(200);
    const tokenReq = tokens.seen[0];
    expect(tokenReq?.method).toBe('POST');
    expect(tokenReq?.url).toBe('/oauth/token');
    expect(tokenReq?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(tokenReq?.headers.authorization).toBe(
      `Basic ${Buffer.from(`portico-client:${SECRET}`).toString('base64')}`,
    );
    const form = new URLSearchParams(tokenReq?.body);
    expect(Object.fromEntries(form)).toEqual({
      grant_type: 'client_credentials',
      scope: 'flows:read flows:write',
      audience: 'https://api.example.com',
    });
    expect(bearerOf(api, 0)).toBe('Bearer t1');
  });

  it('caches the token across calls', async () => {
    tokens = await startTokenServer();
    api = await startServer((_req, res) => json(res, 200, {}));
    client = createUpstreamClient();
    const s = system(api.url, { auth: oauth(tokens) });
    for (let i = 0; i < 3; i++) await client.call({ operation: operation(), system: s, args: { flow: 'x' } });
    expect(tokens.seen).toHaveLength(1);
    expect(api.seen.map((r) => r.headers.authorization)).toEqual(['Bearer t1', 'Bearer t1', 'Bearer t1']);
  });

  it.each([
    [3600, 3539, 3541],
    [100, 89, 91],
  ])('with expires_in %i refreshes between %i s and %i s', async (expiresIn, before, after) => {
    tokens = await startTokenServer(expiresIn);
    api = await startServer((_req, res) => json(res, 200, {}));
    let now = 1_000_000;
    client = createUpstreamClient({ now: () => now });
    const s = system(api.url, { auth: oauth(tokens) });
    const call = () => client!.call({ operation: operation(), system: s, args: { flow: 'x' } });
    await call();
    now += before * 1000;
    await call();
    expect(tokens.seen).toHaveLength(1);
    now += (after - before) * 1000;
    await call();
    expect(tokens.seen).toHaveLength(2);
    expect(bearerOf(api, 2)).toBe('Bearer t2');
  });

  it('shares one token request among concurrent calls', async () => {
    tokens = await startTokenServer();
    api = await startServer((_req, res) => json(res, 200, {}));
    client = createUpstreamClient();
    const s = system(api.url, { auth: oauth(tokens) });
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        client!.call({ operation: operation(), system: s, args: { flow: `f${i}` } }),
      ),
    );
    expect(results.every((r) => r.status === 200)).toBe(true);
    expect(tokens.seen).toHaveLength(1);
    expect(new Set(api.seen.map((r) => r.headers.authorization))).toEqual(new Set(['Bearer t1']));
  });

  it('lets a caller abort while the shared token request goes on for the others', async () => {
    let release!: () => void;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    const controller = new AbortController();
    tokens = await startServer(async (_req, res) => {
      controller.abort();
      await released;
      json(res, 200, { access_token: 'late', expires_in: 3600 });
    });
    api = await startServer((_req, res) => json(res, 200, {}));
    client = createUpstreamClient();
    const s = system(api.url, { auth: oauth(tokens) });
    const patient = client.call({ operation: operation(), system: s, args: { flow: 'b' } });
    const impatient = client.call({
      operation: operation(),
      system: s,
      args: { flow: 'a' },
      signal: controller.signal,
    });
    await expect(impatient).rejects.toMatchObject({ code: 'upstream_aborted' });
    release();
    expect((await patient).status).toBe(200);
    expect(tokens.seen).toHaveLength(1);
    expect(api.seen.map((r) => [r.url, r.headers.authorization])).toEqual([['/flows/b', 'Bearer late']]);
  });

  it('drops the token and retries once with a fresh one on 401', async () => {
    tokens = await startTokenServer();
    api = await startServer((req, res) =>
      req.headers.authorization === 'Bearer t1'
        ? json(res, 401, { error: 'expired' })
        : json(res, 200, { ok: 1 }),
    );
    client = createUpstreamClient();
    const s = system(api.url, { auth: oauth(tokens) });
    const res = await client.call({ operation: operation(), system: s, args: { flow: 'x' } });
    expect(res).toMatchObject({ status: 200, attempts: 2 });
    expect(tokens.seen).toHaveLength(2);
    expect(bearerOf(api, 1)).toBe('Bearer t2');
  });

  it('re-authenticates once only: a persistent 401 is returned', async () => {
    tokens = await startTokenServer();
    api = await startServer((_req, res) => json(res, 401, { error: 'nope' }));
    client = createUpstreamClient();
    const op = operation({ method: 'POST', path: '/flows', params: [] });
    const res = await client.call({
      operation: op,
      system: system(api.url, { auth: oauth(tokens) }),
      args: {},
    });
    expect(res).toMatchObject({ status: 401, attempts: 2 });
    expect(tokens.seen).toHaveLength(2);
    expect(api.seen).toHaveLength(2);
  });

  it('does not re-authenticate on 401 for static auth', async () => {
    api = await startServer((_req, res) => json(res, 401, { error: 'nope' }));
    client = createUpstreamClient();
    const s = system(api.url, { auth: { type: 'bearer', token: 'static' } });
    const res = await client.call({ operation: operation(), system: s, args: { flow: 'x' } });
    expect(res).toMatchObject({ status: 401, attempts: 1 });
  });

  it('reports token endpoint errors as upstream_auth with its error, never the secret', async () => {
    tokens = await startServer((_req, res) =>
      json(res, 401, { error: 'invalid_client', error_description: `client secret ${SECRET} is wrong` }),
    );
    api = await startServer((_req, res) => json(res, 200, {}));
    client = createUpstreamClient();
    const s = system(api.url, { auth: oauth(tokens) });
    let error: unknown;
    try {
      await client.call({ operation: operation(), system: s, args: { flow: 'x' } });
    } catch (err) {
      error = err;
    }
    expect(isPorticoError(error, 'upstream_auth')).toBe(true);
    const message = (error as Error).message;
    expect(message).toContain('HTTP 401');
    expect(message).toContain('invalid_client');
    expect(message).toContain('flowhub');
    expect(message).not.toContain(SECRET);
    expect(JSON.stringify((error as { details?: unknown }).details)).not.toContain(SECRET);
    expect(api.seen).toHaveLength(0);
    // A failed fetch is not cached: the next call asks again.
    await client.call({ operation: operation(), system: s, args: { flow: 'x' } }).catch(() => undefined);
    expect(tokens.seen).toHaveLength(2);
  });

  it('reports a token response without access_token and an unreachable token endpoint', async () => {
    tokens = await startServer((_req, res) => json(res, 200, { token_type: 'Bearer' }));
    client = createUpstreamClient();
    const s = system('http://127.0.0.1:9', { auth: oauth(tokens) });
    await expect(client.call({ operation: operation(), system: s, args: { flow: 'x' } })).rejects.toThrow(
      /no access_token/,
    );
    const down = system('http://127.0.0.1:9', {
      auth: oauth({ url: await refusedOrigin() } as TestServer),
    });
    let error: unknown;
    try {
      await client.call({ operation: operation(), system: down, args: { flow: 'x' } });
    } catch (err) {
      error = err;
    }
    expect(isPorticoError(error, 'upstream_auth')).toBe(true);
    expect((error as Error).message).toContain('ECONNREFUSED');
  });
});
