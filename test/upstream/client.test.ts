import { afterEach, describe, expect, it } from 'vitest';
import { ACCEPT, createUpstreamClient, type UpstreamClient } from '../../src/upstream/index.js';
import { json, operation, param, startServer, system, type TestServer } from './helpers.js';

let server: TestServer | undefined;
let other: TestServer | undefined;
let client: UpstreamClient | undefined;

afterEach(async () => {
  await client?.close();
  await server?.close();
  await other?.close();
  client = server = other = undefined;
});

describe('upstream client: requests and responses', () => {
  it('sends the built request and parses a JSON response', async () => {
    server = await startServer((_req, res) => json(res, 200, { id: 'f1' }, { 'x-upstream': 'yes' }));
    client = createUpstreamClient();
    const op = operation({
      method: 'POST',
      path: '/flows/{flow}/runs',
      params: [param('flow', 'path'), param('dry', 'query'), param('input', 'body')],
      annotations: { readOnly: false, destructive: false, idempotent: false, openWorld: false },
    });
    const res = await client.call({
      operation: op,
      system: system(`${server.url}/api`, { headers: { 'X-Client': 'portico' } }),
      args: { flow: 'a/b', dry: true, input: { x: 1 } },
      requestId: 'req-42',
    });
    expect(res).toMatchObject({
      status: 200,
      contentType: 'application/json',
      json: { id: 'f1' },
      text: '{"id":"f1"}',
      bytes: 11,
      truncated: false,
      attempts: 1,
      url: `${server.origin}/api/flows/a%2Fb/runs`,
    });
    expect(res.headers['x-upstream']).toBe('yes');
    expect(res.durationMs).toBeGreaterThanOrEqual(0);
    const seen = server.seen[0];
    expect(seen?.method).toBe('POST');
    expect(seen?.url).toBe('/api/flows/a%2Fb/runs?dry=true');
    expect(seen?.body).toBe('{"input":{"x":1}}');
    expect(seen?.headers).toMatchObject({
      accept: ACCEPT,
      'content-type': 'application/json',
      'x-request-id': 'req-42',
      'x-client': 'portico',
    });
  });

  it('returns non-2xx responses instead of throwing, and keeps non-JSON as text', async () => {
    server = await startServer((req, res) => {
      if (req.url?.includes('missing')) return json(res, 404, { message: 'Flow "missing" not found' });
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('plain text');
    });
    client = createUpstreamClient();
    const s = system(server.url);
    const notFound = await client.call({ operation: operation(), system: s, args: { flow: 'missing' } });
    expect(notFound.status).toBe(404);
    expect(notFound.json).toEqual({ message: 'Flow "missing" not found' });
    const plain = await client.call({ operation: operation(), system: s, args: { flow: 'x' } });
    expect(plain).toMatchObject({ status: 200, text: 'plain text', contentType: 'text/plain' });
    expect(plain.json).toBeUndefined();
  });

  it('leaves json undefined for invalid JSON', async () => {
    server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{not json');
    });
    client = createUpstreamClient();
    const res = await client.call({
      operation: operation(),
      system: system(server.url),
      args: { flow: 'x' },
    });
    expect(res.text).toBe('{not json');
    expect(res.json).toBeUndefined();
  });

  it('reuses one keep-alive connection across sequential calls', async () => {
    server = await startServer((_req, res) => json(res, 200, { ok: true }));
    client = createUpstreamClient();
    const s = system(server.url);
    for (let i = 0; i < 5; i++) {
      await client.call({ operation: operation(), system: s, args: { flow: `f${i}` } });
      // undici hands a socket back to its pool one event-loop turn after a response ends; real
      // sequential tool calls are always further apart than that.
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(server.seen).toHaveLength(5);
    expect(server.connections).toBe(1);
  });

  it('keeps back-to-back calls on at most two warm connections, shared by systems of one origin', async () => {
    server = await startServer((_req, res) => json(res, 200, { ok: true }));
    client = createUpstreamClient();
    const a = system(server.url);
    const b = system(`${server.url}/v2`, { name: 'other' });
    for (let i = 0; i < 10; i++) {
      await client.call({ operation: operation(), system: i % 2 === 0 ? a : b, args: { flow: `f${i}` } });
    }
    expect(server.seen).toHaveLength(10);
    expect(server.connections).toBeLessThanOrEqual(2);
  });
});

describe('upstream client: auth', () => {
  const cases = [
    [{ type: 'none' as const }, {}],
    [{ type: 'api_key' as const, header: 'X-API-Key', value: 'k-123' }, { 'x-api-key': 'k-123' }],
    [{ type: 'bearer' as const, token: 't-456' }, { authorization: 'Bearer t-456' }],
    [
      { type: 'basic' as const, username: 'ann', password: 'p:w' },
      { authorization: `Basic ${Buffer.from('ann:p:w').toString('base64')}` },
    ],
  ] as const;

  it.each(cases)('sends %o auth', async (auth, expected) => {
    server = await startServer((_req, res) => json(res, 200, {}));
    client = createUpstreamClient();
    await client.call({ operation: operation(), system: system(server.url, { auth }), args: { flow: 'x' } });
    const headers = server.seen[0]?.headers ?? {};
    expect(headers).toMatchObject(expected);
    if (auth.type === 'none') expect(headers.authorization).toBeUndefined();
  });
});

describe('upstream client: size cap', () => {
  it('truncates an oversized body, stops reading and never splits a UTF-8 character', async () => {
    // 'é' is 2 bytes: with a 9-byte cap, 'aaaa' + 'éé' (8 bytes) fit and the 3rd 'é' is cut in half.
    server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write(`"aaaaéé${'é'.repeat(10)}`);
      res.end(`${'x'.repeat(1_000_000)}"`);
    });
    client = createUpstreamClient();
    const res = await client.call({
      operation: operation(),
      system: system(server.url, { maxResponseBytes: 9 }),
      args: { flow: 'x' },
    });
    expect(res.truncated).toBe(true);
    expect(res.bytes).toBe(9);
    expect(res.text).toBe('"aaaaéé');
    expect(res.json).toBeUndefined();
  });

  it('does not flag a body exactly at the cap', async () => {
    server = await startServer((_req, res) => json(res, 200, { a: 1 }));
    client = createUpstreamClient();
    const res = await client.call({
      operation: operation(),
      system: system(server.url, { maxResponseBytes: 7 }),
      args: { flow: 'x' },
    });
    expect(res).toMatchObject({ truncated: false, bytes: 7, json: { a: 1 } });
  });
});

describe('upstream client: redirects', () => {
  it('does not follow a redirect to another origin', async () => {
    other = await startServer((_req, res) => json(res, 200, { stolen: true }));
    const target = `${other.url}/collect?token=abc`;
    server = await startServer((_req, res) => {
      res.writeHead(302, { location: target });
      res.end('moved');
    });
    client = createUpstreamClient();
    const res = await client.call({
      operation: operation(),
      system: system(server.url, { auth: { type: 'bearer', token: 'secret-token' } }),
      args: { flow: 'x' },
    });
    expect(res.status).toBe(302);
    expect(res.text).toBe(`redirect to another host not followed: Location ${other.origin}/collect`);
    expect(res.headers.location).toBe(target);
    expect(other.seen).toHaveLength(0);
  });

  it('follows same-origin redirects for GET, up to 3 hops', async () => {
    server = await startServer((req, res) => {
      const hop = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('hop') ?? '0');
      if (req.url?.startsWith('/loop')) {
        res.writeHead(307, { location: `/loop?hop=${hop + 1}` });
        return res.end();
      }
      if (hop < 3) {
        res.writeHead(301, { location: `/flows/x?hop=${hop + 1}` });
        return res.end();
      }
      json(res, 200, { hop });
    });
    client = createUpstreamClient();
    const s = system(server.url);
    const res = await client.call({ operation: operation(), system: s, args: { flow: 'x' } });
    expect(res).toMatchObject({ status: 200, json: { hop: 3 }, url: `${server.origin}/flows/x` });
    expect(server.seen).toHaveLength(4);

    const loop = await client.call({ operation: operation({ path: '/loop' }), system: s, args: {} });
    expect(loop.status).toBe(307);
    expect(loop.text).toMatch(/too many redirects/);
  });

  it('does not follow a redirect for POST', async () => {
    server = await startServer((_req, res) => {
      res.writeHead(303, { location: '/elsewhere', 'content-type': 'text/plain' });
      res.end('see other');
    });
    client = createUpstreamClient();
    const op = operation({ method: 'POST', path: '/flows', params: [] });
    const res = await client.call({ operation: op, system: system(server.url), args: {} });
    expect(res).toMatchObject({ status: 303, text: 'see other' });
    expect(server.seen).toHaveLength(1);
  });
});
