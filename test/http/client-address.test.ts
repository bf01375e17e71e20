import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientAddressResolver } from '../../src/http/index.js';

// A real socket: the peer is 127.0.0.1, so whether it is a trusted proxy decides what is believed.
let trusted: readonly string[] = [];
const resolve = clientAddressResolver(() => trusted);
const app = new Hono().get('/', (c) => c.text(resolve(c)));
let server: ReturnType<typeof serve>;
let url: string;

beforeAll(async () => {
  await new Promise<void>((ready) => {
    server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0, createServer }, () => ready());
  });
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const seen = async (xff?: string) =>
  (await fetch(url, xff === undefined ? {} : { headers: { 'x-forwarded-for': xff } })).text();

describe('client address behind trusted proxies', () => {
  it('ignores X-Forwarded-For from a peer that is not a trusted proxy', async () => {
    trusted = [];
    expect(await seen('198.51.100.7')).toBe('127.0.0.1');
    trusted = ['10.0.0.0/8'];
    expect(await seen('198.51.100.7')).toBe('127.0.0.1');
  });

  it('believes X-Forwarded-For from a trusted peer, read from the right past other trusted proxies', async () => {
    trusted = ['127.0.0.1', '10.0.0.0/8'];
    expect(await seen('198.51.100.7')).toBe('198.51.100.7');
    // A client-sent value to the left of the real one is not believed.
    expect(await seen('6.6.6.6, 198.51.100.7, 10.1.2.3')).toBe('198.51.100.7');
    expect(await seen('::ffff:203.0.113.5')).toBe('203.0.113.5');
    // No header, or garbage appended by the proxy: the proxy itself.
    expect(await seen()).toBe('127.0.0.1');
    expect(await seen('not-an-address')).toBe('127.0.0.1');
    // Only trusted proxies in the chain: the leftmost.
    expect(await seen('10.9.9.9, 10.1.1.1')).toBe('10.9.9.9');
  });

  it('accepts CIDR blocks of both families', async () => {
    trusted = ['127.0.0.0/8', 'fd00::/8'];
    expect(await seen('2001:db8::1')).toBe('2001:db8::1');
  });
});
