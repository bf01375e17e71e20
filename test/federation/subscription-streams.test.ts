import { afterEach, describe, expect, it, vi } from 'vitest';
import { createFederation } from '../../src/federation/index.js';
import { startSubscribeFixture } from '../fixtures/mcp/subscribe-server.js';
import { httpConfig, recordingLogger, statusOf } from './helpers.js';

const TOKEN = 'tok-subscription-streams';
const KEY = 'static-upstream-key';
const ENDED = 'federated MCP server ended a resource subscription stream; subscribing again';

const open: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  for (const o of open.splice(0).reverse()) await o.close();
});

describe('a 2026-07-28 HTTP upstream that ends resource subscription streams', () => {
  it('opens the stream again on the same connection, backing off while it keeps ending at once; calls keep working', async () => {
    const server = await startSubscribeFixture({
      era: 'modern',
      token: TOKEN,
      credentialHeader: 'X-Upstream-Key',
      credentials: [KEY],
      listenFault: 'end',
    });
    open.push(server);
    const logger = recordingLogger();
    const federation = createFederation(
      [httpConfig('remote', server.url, { bearer: TOKEN, headers: { 'X-Upstream-Key': KEY } })],
      { logger, baseDelayMs: 20, maxDelayMs: 5_000 },
    );
    open.push(federation);
    await federation.start();
    const release = await federation.subscribe('portico:remote/watch://alpha');
    const ended = () => logger.entries.filter((e) => e.msg === ENDED);
    await vi.waitFor(() => expect(ended().length).toBeGreaterThanOrEqual(4), { timeout: 10_000 });
    // Each delay is drawn from the upper half of a doubling bound: never shorter than the one before.
    const delays = ended().map((e) => e.obj.delayMs as number);
    for (let i = 1; i < delays.length; i++) expect(delays[i]).toBeGreaterThanOrEqual(delays[i - 1]!);
    expect(delays[3]).toBeGreaterThan(delays[0]!);
    expect(ended().every((e) => e.obj.uri === 'watch://alpha' && e.level === 'info')).toBe(true);
    const listens = server.subscribes.filter((r) => r.method === 'subscriptions/listen');
    expect(listens.length).toBeGreaterThanOrEqual(4);
    expect(listens.every((r) => r.accepted && r.credential === KEY)).toBe(true);
    // The connection itself is fine: no reconnect, calls go through.
    expect(statusOf(federation, 'remote')).toMatchObject({ state: 'connected', restarts: 0 });
    expect(await federation.call('remote', 'ping', {})).toEqual({
      content: [{ type: 'text', text: 'pong' }],
    });
    await release();
  });

  it('a reopening the server refuses is logged without the tenant’s credential, echoed or not', async () => {
    const secret = 'north-secret-upstream-key';
    const credentials = [secret];
    const server = await startSubscribeFixture({
      era: 'modern',
      token: TOKEN,
      credentialHeader: 'X-Upstream-Key',
      credentials,
      listenFault: 'end',
      echoCredential: true,
    });
    open.push(server);
    const logger = recordingLogger();
    const federation = createFederation(
      [
        httpConfig(
          'remote',
          server.url,
          { bearer: TOKEN },
          { tenantCredential: { header: 'x-upstream-key', prefix: '', required: true } },
        ),
      ],
      { logger, baseDelayMs: 20, maxDelayMs: 5_000, credentials: { get: async () => secret } },
    );
    open.push(federation);
    await federation.start();
    const release = await federation.subscribe('portico:remote/watch://alpha', {
      caller: { tenantId: 'north' },
    });
    expect(server.subscribes[0]).toMatchObject({ credential: secret, accepted: true });
    credentials.length = 0; // revoked: the next reopening is refused, naming the secret
    const refused = () =>
      logger.entries.filter((e) => e.msg?.startsWith('could not subscribe again to a resource') === true);
    await vi.waitFor(() => expect(refused().length).toBeGreaterThan(0), { timeout: 10_000 });
    expect(server.subscribes.some((r) => !r.accepted && r.credential === secret)).toBe(true);
    expect(String(refused()[0]!.obj.error)).toContain('(got ***)');
    expect(JSON.stringify(logger.entries)).not.toContain(secret);
    await release();
  });
});
