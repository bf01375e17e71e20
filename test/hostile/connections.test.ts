import { connect, type Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PorticoInstance } from '../../src/runtime/index.js';
import { type FaultUpstream, startFaultUpstream } from '../support/fault-upstream.js';
import { startTestPortico } from '../support/portico.js';

const config = fileURLToPath(new URL('../fixtures/connections.yaml', import.meta.url));

/** A raw client socket: what it received, and a promise settled when the server closes it. */
async function open(
  port: number,
): Promise<{ socket: Socket; received: () => string; closed: Promise<void> }> {
  const socket = connect(port, '127.0.0.1');
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  let data = '';
  socket.on('data', (d: Buffer) => {
    data += d.toString('utf8');
  });
  socket.on('error', () => undefined);
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  return { socket, received: () => data, closed };
}

/** Write `text` one byte every `everyMs` until the socket closes; returns how many bytes were sent. */
function drip(socket: Socket, text: string, everyMs: number): Promise<number> {
  return new Promise((resolve) => {
    let i = 0;
    const t = setInterval(() => {
      if (socket.destroyed || !socket.writable || i >= text.length) {
        clearInterval(t);
        return resolve(i);
      }
      socket.write(text[i++] as string);
    }, everyMs);
    socket.once('close', () => {
      clearInterval(t);
      resolve(i);
    });
  });
}

const portOf = (url: string) => Number(new URL(url).port);
const BODY = JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'tools/list',
  params: { pad: 'x'.repeat(400) },
});
const HEAD =
  'POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: application/json, text/event-stream\r\n' +
  `Content-Type: application/json\r\nContent-Length: ${BODY.length}\r\n\r\n`;

let upstream: FaultUpstream;
let timeouts: PorticoInstance;
let rate: PorticoInstance;
beforeAll(async () => {
  upstream = await startFaultUpstream();
  [timeouts, rate] = await Promise.all([
    startTestPortico(config, { FAULT_URL: upstream.url, HEADERS_MS: '400', BODY_MS: '600', MIN_RATE: '0' }),
    startTestPortico(config, {
      FAULT_URL: upstream.url,
      HEADERS_MS: '5000',
      BODY_MS: '60000',
      MIN_RATE: '200',
    }),
  ]);
});
afterAll(async () => {
  await Promise.all([timeouts?.close(), rate?.close()]);
  await upstream.close();
});

describe('connection phases over real sockets (issue 11, point 3)', () => {
  it('slowloris: a head sent a byte at a time is cut with 408 at the head timeout', async () => {
    const c = await open(portOf(timeouts.url));
    const head = `POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\n${'X-Pad: y\r\n'.repeat(200)}\r\n`;
    const sent = await drip(c.socket, head, 20);
    await c.closed;
    expect(sent).toBeLessThan(head.length);
    expect(c.received()).toMatch(/^HTTP\/1\.1 408 /);
  });

  it('a slow body is cut with 408 at the body timeout', async () => {
    const c = await open(portOf(timeouts.url));
    c.socket.write(HEAD);
    const sent = await drip(c.socket, BODY, 20);
    await c.closed;
    expect(sent).toBeLessThan(BODY.length);
    expect(c.received()).toMatch(/^HTTP\/1\.1 408 /);
  });

  it('a body below the minimum transfer rate is cut with 408 naming the setting', async () => {
    const c = await open(portOf(rate.url));
    c.socket.write(HEAD);
    const sent = await drip(c.socket, BODY, 50); // 20 bytes/s against 200
    await c.closed;
    expect(sent).toBeLessThan(BODY.length);
    expect(c.received()).toMatch(/^HTTP\/1\.1 408 [\s\S]*body_min_bytes_per_sec/);
  });

  it('a request head over 16 KiB is answered 431, not reset', async () => {
    const c = await open(portOf(rate.url));
    c.socket.write(`GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ${'b'.repeat(20 * 1024)}\r\n\r\n`);
    await c.closed;
    expect(c.received()).toMatch(/^HTTP\/1\.1 431 /);
  });

  it('caps concurrent connections per client address (429), and idle keep-alive connections are closed', async () => {
    const held = await Promise.all(Array.from({ length: 6 }, () => open(portOf(rate.url))));
    const extra = await open(portOf(rate.url));
    await extra.closed;
    expect(extra.received()).toMatch(/^HTTP\/1\.1 429 [\s\S]*max_connections_per_address/);
    for (const h of held) h.socket.destroy();
    await Promise.all(held.map((h) => h.closed));

    const ka = await open(portOf(rate.url));
    ka.socket.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n');
    await ka.closed; // the server ends the idle connection (keep_alive_timeout_ms: 300)
    expect(ka.received()).toMatch(/^HTTP\/1\.1 200 /);
  });

  it('a well-behaved request still works', async () => {
    const res = await fetch(`${rate.mcpUrl}`, {
      method: 'POST',
      headers: { accept: 'application/json, text/event-stream', 'content-type': 'application/json' },
      body: BODY,
    });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('get_item');
  });
});
