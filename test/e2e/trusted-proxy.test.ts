import { mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PorticoInstance } from '../../src/runtime/index.js';
import { MCP_HEADERS, rpc } from '../support/mcp-post.js';
import { hasNginx, type RunningNginx, startNginx } from '../support/nginx.js';
import { startTestPortico } from '../support/portico.js';

// server.trusted_proxies behind a real nginx: clients on distinct loopback addresses (127.0.0.2,
// 127.0.0.3, …) reach Portico through nginx (127.0.0.1), which appends X-Forwarded-For.

const A = '127.0.0.2';
const B = '127.0.0.3';

/** tools/list from a given local address (node:http binds the client socket to it). */
function list(base: string, localAddress: string, bearer: string, headers: Record<string, string> = {}) {
  return new Promise<number>((resolve, reject) => {
    const req = request(
      `${base}/mcp`,
      {
        method: 'POST',
        localAddress,
        headers: { ...MCP_HEADERS, authorization: `Bearer ${bearer}`, ...headers },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(rpc('tools/list'));
  });
}

describe.skipIf(!hasNginx())('client address behind a trusted nginx', () => {
  let portico: PorticoInstance;
  let nginx: RunningNginx;
  let token: string;

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'portico-proxy-'));
    const file = join(dir, 'portico.yaml');
    writeFileSync(
      file,
      [
        'naming: { strategy: flat }',
        'server: { trusted_proxies: [127.0.0.1], allowed_hosts: [127.0.0.1] }',
        'systems:',
        '  sample:',
        '    base_url: http://127.0.0.1:9',
        '    operations:',
        '      sample_get: { path: /sample, description: A read-only sample operation. }',
        'limits: { auth_failures: 5/min }',
        '',
      ].join('\n'),
    );
    portico = await startTestPortico(file, {}, { noAuth: false });
    await portico.security.access.createTenant({ id: 'acme', name: 'Acme' });
    token = (await portico.security.access.createToken({ tenantId: 'acme', label: 'proxy test' })).secret;
    nginx = await startNginx(portico.url);
  });
  afterAll(async () => {
    await nginx?.close();
    await portico?.close();
  });

  it('throttles the client nginx names, not nginx itself, and cannot be spoofed', async () => {
    const bad = `mcp_${'Z'.repeat(43)}`;
    const a: number[] = [];
    for (let i = 0; i < 5; i++) a.push(await list(nginx.url, A, bad));
    expect(a).toEqual([401, 401, 401, 401, 429]);
    // Another client behind the same proxy is a different address.
    expect(await list(nginx.url, B, bad)).toBe(401);
    // Client A claiming another address in its own X-Forwarded-For is still A (read from the right).
    expect(await list(nginx.url, A, bad, { 'x-forwarded-for': '198.51.100.9' })).toBe(429);
    // Straight to Portico, A is not a trusted proxy: its X-Forwarded-For is ignored.
    expect(await list(portico.url, A, bad, { 'x-forwarded-for': '198.51.100.10' })).toBe(429);
    // A valid token from A is never throttled.
    expect(await list(nginx.url, A, token)).toBe(200);
  });
});
