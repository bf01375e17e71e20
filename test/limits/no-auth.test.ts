import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type InMemoryPortico, inMemoryPortico } from '../support/in-memory.js';
import { MCP_HEADERS, rpc } from '../support/mcp-post.js';

/** The default per-token rate is 120/min: a --no-auth run goes well past it. */
const REQUESTS = 150;

describe('--no-auth is not throttled by the per-token rate', () => {
  let portico: InMemoryPortico;

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'portico-noauth-'));
    const file = join(dir, 'portico.yaml');
    writeFileSync(file, 'systems: {}\n');
    portico = await inMemoryPortico(file, {}, { noAuth: true });
  });
  afterAll(async () => {
    await portico?.close();
  });

  it(`answers ${REQUESTS} back-to-back requests without 429`, async () => {
    const statuses: number[] = [];
    for (let i = 0; i < REQUESTS; i++) {
      const res = await portico.fetch(portico.mcpUrl, {
        method: 'POST',
        headers: { ...MCP_HEADERS, 'mcp-protocol-version': '2025-11-25' },
        body: rpc('tools/list', {}, i),
      });
      await res.text();
      statuses.push(res.status);
    }
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
  });

  it('still limits a real token at its per-token rate', async () => {
    const { access } = portico.security;
    await access.createTenant({ id: 'limited' });
    const { secret } = await access.createToken({
      tenantId: 'limited',
      label: 'limited',
      scopes: ['mcp.tools.discovery'],
      rateLimit: '3/min',
    });
    const decisions = [];
    for (let i = 0; i < 4; i++) {
      const principal = await access.authenticate(secret);
      decisions.push((await portico.security.edge.limits.check(principal!, { call: false })).ok);
    }
    expect(decisions).toEqual([true, true, true, false]);
  });
});
