import { afterEach, describe, expect, it } from 'vitest';
import { isPorticoError, type PorticoError } from '../../src/errors/index.js';
import { createUpstreamClient, type UpstreamClient } from '../../src/upstream/index.js';
import { json, operation, param, refusedOrigin, startServer, system, type TestServer } from './helpers.js';

let server: TestServer | undefined;
let client: UpstreamClient | undefined;

afterEach(async () => {
  await client?.close();
  await server?.close();
  client = server = undefined;
});

async function rejection(promise: Promise<unknown>): Promise<PorticoError> {
  try {
    await promise;
  } catch (err) {
    if (isPorticoError(err)) return err;
    throw err;
  }
  throw new Error('expected the call to fail');
}

const post = operation({
  method: 'POST',
  name: 'create_flow',
  path: '/flows',
  params: [param('name', 'body')],
});

describe('upstream client: retries', () => {
  it('retries an idempotent call once on 503', async () => {
    server = await startServer((_req, res) =>
      server?.seen.length === 1 ? json(res, 503, { error: 'busy' }) : json(res, 200, { ok: true }),
    );
    client = createUpstreamClient();
    const res = await client.call({
      operation: operation(),
      system: system(server.url),
      args: { flow: 'x' },
    });
    expect(res).toMatchObject({ status: 200, attempts: 2, json: { ok: true } });
    expect(server.seen).toHaveLength(2);
  });

  it.each([502, 503, 504])('retries exactly once on a persistent %i and returns it', async (status) => {
    server = await startServer((_req, res) => json(res, status, { message: 'down' }));
    client = createUpstreamClient();
    const res = await client.call({
      operation: operation(),
      system: system(server.url),
      args: { flow: 'x' },
    });
    expect(res).toMatchObject({ status, attempts: 2 });
    expect(server.seen).toHaveLength(2);
  });

  it('does not retry other statuses', async () => {
    server = await startServer((_req, res) => json(res, 500, { message: 'boom' }));
    client = createUpstreamClient();
    const res = await client.call({
      operation: operation(),
      system: system(server.url),
      args: { flow: 'x' },
    });
    expect(res).toMatchObject({ status: 500, attempts: 1 });
  });

  it('never retries a non-idempotent POST', async () => {
    server = await startServer((_req, res) => json(res, 503, { message: 'down' }));
    client = createUpstreamClient();
    const res = await client.call({ operation: post, system: system(server.url), args: { name: 'n' } });
    expect(res).toMatchObject({ status: 503, attempts: 1 });
    expect(server.seen).toHaveLength(1);
  });

  it('does not retry when the system disables retries', async () => {
    server = await startServer((_req, res) => json(res, 503, { message: 'down' }));
    client = createUpstreamClient();
    const s = system(server.url, { retry: false });
    const res = await client.call({ operation: operation(), system: s, args: { flow: 'x' } });
    expect(res.attempts).toBe(1);
    expect(server.seen).toHaveLength(1);
  });

  it('retries an idempotent call once after a connection reset', async () => {
    server = await startServer((req, res) => {
      if (server?.seen.length === 1) req.socket.destroy();
      else json(res, 200, { ok: true });
    });
    client = createUpstreamClient();
    const res = await client.call({
      operation: operation(),
      system: system(server.url),
      args: { flow: 'x' },
    });
    expect(res).toMatchObject({ status: 200, attempts: 2 });
  });

  it('reports a reset of a non-idempotent call as unreachable without retrying', async () => {
    server = await startServer((req) => {
      req.socket.destroy();
    });
    client = createUpstreamClient();
    const err = await rejection(
      client.call({ operation: post, system: system(server.url), args: { name: 'n' } }),
    );
    expect(err.code).toBe('upstream_unreachable');
    expect(err.message).toContain('flowhub');
    expect(err.message).toContain(server.origin);
    expect(server.seen).toHaveLength(1);
  });
});

describe('upstream client: timeouts and unreachable upstreams', () => {
  it('times out a server that never answers, with an actionable message', async () => {
    server = await startServer(() => {
      // Never answer.
    });
    client = createUpstreamClient();
    const s = system(server.url, { timeoutMs: 150, retry: false });
    const err = await rejection(client.call({ operation: operation(), system: s, args: { flow: 'x' } }));
    expect(err.code).toBe('upstream_timeout');
    expect(err.message).toContain('flowhub did not respond within 150 ms (GET /flows/{flow})');
    expect(err.message).toContain('timeout_ms');
    expect(err.details).toMatchObject({ system: 'flowhub', timeoutMs: 150, attempts: 1 });
  });

  it('timeout_ms is the budget of the whole call: a timed-out attempt leaves none for a retry', async () => {
    server = await startServer((_req, res) => {
      if (server?.seen.length === 2) json(res, 200, { ok: true });
    });
    client = createUpstreamClient();
    const s = system(server.url, { timeoutMs: 300 });
    const err = await rejection(client.call({ operation: operation(), system: s, args: { flow: 'x' } }));
    expect(err.code).toBe('upstream_timeout');
    expect(err.details).toMatchObject({ timeoutMs: 300, attempts: 1 });
    expect(server.seen).toHaveLength(1);
  });

  it('retries an idempotent call once after a fast transient failure, within the budget', async () => {
    server = await startServer((_req, res) => {
      if (server?.seen.length === 1) json(res, 503, { message: 'busy' });
      else json(res, 200, { ok: true });
    });
    client = createUpstreamClient();
    const s = system(server.url, { timeoutMs: 5_000 });
    const res = await client.call({ operation: operation(), system: s, args: { flow: 'x' } });
    expect(res).toMatchObject({ status: 200, attempts: 2 });
  });

  it('reports a refused connection as unreachable, naming system, origin and cause', async () => {
    client = createUpstreamClient();
    const origin = await refusedOrigin();
    const err = await rejection(
      client.call({ operation: operation(), system: system(`${origin}/api`), args: { flow: 'x' } }),
    );
    expect(err.code).toBe('upstream_unreachable');
    expect(err.message).toContain('flowhub');
    expect(err.message).toContain(origin);
    expect(err.message).toContain('ECONNREFUSED');
    expect(err.details).toMatchObject({ cause: 'ECONNREFUSED', attempts: 2 });
  });
});

describe('upstream client: invalid requests', () => {
  it('reports a header undici refuses to send as upstream_invalid_request, without calling', async () => {
    server = await startServer((_req, res) => json(res, 200, {}));
    client = createUpstreamClient();
    const s = system(server.url, { headers: { 'X-Bad': 'a\r\nInjected: 1' } });
    const err = await rejection(client.call({ operation: operation(), system: s, args: { flow: 'x' } }));
    expect(err.code).toBe('upstream_invalid_request');
    expect(err.message).toContain('x-bad');
    expect(err.message).not.toContain('Injected');
    expect(err.details).toMatchObject({ attempts: 1 });
    expect(server.seen).toHaveLength(0);
  });
});

describe('upstream client: caller aborts', () => {
  it('aborts the upstream request when the caller signal aborts', async () => {
    let socketClosed!: () => void;
    const closed = new Promise<void>((resolve) => {
      socketClosed = resolve;
    });
    const controller = new AbortController();
    server = await startServer((req) => {
      req.socket.on('close', socketClosed);
      controller.abort();
    });
    client = createUpstreamClient();
    const err = await rejection(
      client.call({
        operation: operation(),
        system: system(server.url),
        args: { flow: 'x' },
        signal: controller.signal,
      }),
    );
    expect(err.code).toBe('upstream_aborted');
    await closed;
    expect(server.seen).toHaveLength(1);
  });

  it('makes no request when the signal is already aborted', async () => {
    server = await startServer((_req, res) => json(res, 200, {}));
    client = createUpstreamClient();
    const err = await rejection(
      client.call({
        operation: operation(),
        system: system(server.url),
        args: { flow: 'x' },
        signal: AbortSignal.abort(),
      }),
    );
    expect(err.code).toBe('upstream_aborted');
    expect(server.seen).toHaveLength(0);
  });
});

describe('upstream client: lifecycle', () => {
  it('refuses calls after close', async () => {
    server = await startServer((_req, res) => json(res, 200, {}));
    const c = createUpstreamClient();
    await c.call({ operation: operation(), system: system(server.url), args: { flow: 'x' } });
    await c.close();
    await expect(
      c.call({ operation: operation(), system: system(server.url), args: { flow: 'x' } }),
    ).rejects.toThrow(/shutting down/);
  });
});
