import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MCP_HEADERS, rpc } from '../support/mcp-post.js';
import { startTestPortico } from '../support/portico.js';

const CONFIG = `
systems:
  demo:
    base_url: http://127.0.0.1:9
    operations:
      ping: { path: /ping, description: Ping. }
limits:
  token: 3/min
`;

describe('limits while Redis is unreachable', () => {
  it('fall back to per-replica counters: still enforced, never a 500, logged in /metrics', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'portico-redis-down-'));
    writeFileSync(join(dir, 'portico.yaml'), CONFIG);
    // Nothing listens on port 1: Redis is unreachable from the start.
    const portico = await startTestPortico(
      join(dir, 'portico.yaml'),
      {},
      {
        noAuth: false,
        redisUrl: 'redis://127.0.0.1:1',
      },
    );
    try {
      await portico.security.access.createTenant({ id: 'acme' });
      const { secret } = await portico.security.access.createToken({ tenantId: 'acme', label: 't' });
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) {
        const res = await fetch(portico.mcpUrl, {
          method: 'POST',
          headers: { ...MCP_HEADERS, authorization: `Bearer ${secret}` },
          body: rpc('tools/list'),
        });
        statuses.push(res.status);
      }
      expect(statuses).toEqual([200, 200, 200, 429]);
      const metrics = await (await fetch(`${portico.url}/metrics`)).text();
      expect(metrics).toMatch(/^portico_redis_connected 0$/m);
      const fallbacks = Number(/^portico_limiter_fallback_total (\d+)$/m.exec(metrics)?.[1]);
      expect(fallbacks).toBeGreaterThanOrEqual(4);
      const health = await (await fetch(`${portico.url}/healthz`)).json();
      expect(health.redis).toBe(false);
    } finally {
      await portico.close();
    }
  });
});
