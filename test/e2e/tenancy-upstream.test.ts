import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FaultUpstream, startFaultUpstream } from '../support/fault-upstream.js';
import { type InMemoryPortico, inMemoryPortico } from '../support/in-memory.js';
import { MCP_HEADERS, rpc, rpcBody } from '../support/mcp-post.js';

const config = fileURLToPath(new URL('../fixtures/tenancy.yaml', import.meta.url));
const ADMIN = 'admin-secret-for-tests-0123456789';

type Reply = {
  result?: { isError?: boolean; content: { text: string }[]; structuredContent?: Record<string, unknown> };
  error?: { code: number; message: string };
};

let upstream: FaultUpstream;
let portico: InMemoryPortico;
const secrets: Record<string, string> = {};
const tokenIds: Record<string, string> = {};

beforeAll(async () => {
  upstream = await startFaultUpstream();
  // In memory (app.request); the upstream on a socket, where the tenant credentials arrive.
  portico = await inMemoryPortico(
    config,
    { FAULT_URL: upstream.url, PORTICO_ADMIN_TOKEN: ADMIN },
    { noAuth: false },
  );
  const { access, secrets: vault } = portico.security;
  for (const id of ['north', 'south', 'nokey']) {
    await access.createTenant({ id, name: `${id} Ltd` });
    const { secret, token } = await access.createToken({
      tenantId: id,
      label: `${id}-laptop`,
      scopes: ['mcp.tools.discovery', 'mcp.tools.invoke', 'mcp.tools.write'],
    });
    secrets[id] = secret;
    tokenIds[id] = token.id;
  }
  await vault.set('north', 'tenanted', 'north-upstream-key');
  await vault.set('south', 'tenanted', 'south-upstream-key');
});
afterAll(async () => {
  await portico?.close();
  await upstream?.close();
});

async function call(tenant: string, name: string, args: Record<string, unknown> = {}) {
  const res = await portico.fetch(portico.mcpUrl, {
    method: 'POST',
    headers: { ...MCP_HEADERS, authorization: `Bearer ${secrets[tenant]}` },
    body: rpc('tools/call', { name, arguments: args }),
  });
  return { res, body: res.status === 200 ? await rpcBody<Reply>(res) : ((await res.json()) as Reply) };
}

describe('upstream identity', () => {
  it("each tenant's own credential and identity headers reach the upstream", async () => {
    for (const tenant of ['north', 'south']) {
      const { body } = await call(tenant, 'echo_get', { note: 'hi' });
      expect(body.result?.isError, body.result?.content[0]?.text).toBeFalsy();
      const headers = (body.result!.structuredContent as { headers: Record<string, string> }).headers;
      expect(headers['x-tenant-key']).toBe(`${tenant}-upstream-key`);
      expect(headers['x-portico-tenant']).toBe(tenant);
      expect(headers['x-portico-token']).toBe(tokenIds[tenant]);
      expect(headers['x-portico-label']).toBe(`${tenant}-laptop`);
    }
  });

  it('a tenant without a stored credential gets a clear tool error and no upstream call', async () => {
    const before = upstream.seen.length;
    const { body } = await call('nokey', 'echo_get');
    expect(body.result?.isError).toBe(true);
    expect(body.result?.content[0]?.text).toContain('Tenant "nokey" has no credential for system "tenanted"');
    expect(body.result?.content[0]?.text).toContain('portico tenants secret set nokey tenanted');
    expect(upstream.seen.length).toBe(before);
  });

  it('systems without tenant_credential keep their own static credential', async () => {
    const { body } = await call('nokey', 'shared_echo');
    const headers = (body.result!.structuredContent as { headers: Record<string, string> }).headers;
    expect(headers['x-shared-key']).toBe('shared-secret');
    expect(headers['x-tenant-key']).toBeUndefined();
  });
});

describe('daily quota and audit', () => {
  it('the tenant daily quota answers 429 naming the quota, then the audit trail shows every call', async () => {
    // south has made 1 call above; the quota is 6/day.
    const statuses: number[] = [];
    let limited: Reply | undefined;
    let retryAfter: string | null = null;
    for (let i = 0; i < 6; i++) {
      const { res, body } = await call('south', 'echo_post', { note: `n${i}` });
      statuses.push(res.status);
      if (res.status === 429) {
        limited = body;
        retryAfter = res.headers.get('retry-after');
      }
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    expect(limited?.error?.message).toContain('daily call quota');
    expect(limited?.error?.message).toContain('6/day');
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
    expect(Number(retryAfter)).toBeLessThanOrEqual(86_400);

    const rows = await portico.security.audit.query({ tenantId: 'south' });
    const outcomes = rows.map((r) => `${r.tool}:${r.outcome}`).reverse();
    expect(outcomes).toEqual([
      'echo_get:ok',
      'echo_post:ok',
      'echo_post:ok',
      'echo_post:ok',
      'echo_post:ok',
      'echo_post:ok',
      'echo_post:limited',
    ]);
    const post = rows.find((r) => r.tool === 'echo_post' && r.outcome === 'ok');
    expect(post?.args).toEqual({ note: expect.stringMatching(/^n\d$/) });
    expect(post?.tokenId).toBe(tokenIds.south);
    expect(post?.upstreamStatus).toBe(200);
    expect(post?.requestId).toMatch(/.+/);
    const get = rows.find((r) => r.tool === 'echo_get');
    expect(get?.argKeys).toEqual(['note']);
    expect(get?.args).toBeNull();

    const nokey = await portico.security.audit.query({ tenantId: 'nokey', tool: 'echo_get' });
    expect(nokey[0]?.outcome).toBe('upstream_error');
  });

  it('metrics count calls by tool and outcome, and limit rejections', async () => {
    const text = await (await portico.fetch(`${portico.url}/metrics`)).text();
    expect(text).toMatch(/portico_mcp_requests_total\{[^}]*tool="echo_post"[^}]*outcome="ok"[^}]*\} 5/);
    expect(text).toMatch(/portico_limit_rejections_total\{limit="daily_quota"\} 1/);
    expect(text).toContain('portico_upstream_request_duration_seconds');
  });
});

describe('admin API on the running gateway', () => {
  const admin = (path: string, init: RequestInit = {}, token = ADMIN) =>
    portico.fetch(`${portico.url}/admin/api${path}`, {
      ...init,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    });

  it('issues a token over HTTP that works on /mcp, then revokes it', async () => {
    expect((await admin('/tenants', {}, 'wrong-admin-token')).status).toBe(401);
    const created = await admin('/tokens', {
      method: 'POST',
      body: JSON.stringify({ tenant: 'north', label: 'via-admin', scopes: ['mcp.tools.invoke'] }),
    });
    expect(created.status).toBe(201);
    const { token, secret } = (await created.json()) as { token: { id: string }; secret: string };
    secrets.viaAdmin = secret;
    const ok = await call('viaAdmin', 'echo_get');
    expect(ok.res.status).toBe(200);
    const listed = await (await admin('/tokens?tenant=north')).text();
    expect(listed).toContain(token.id);
    expect(listed).not.toContain(secret);
    expect((await admin(`/tokens/${token.id}`, { method: 'DELETE' })).status).toBe(200);
    expect((await call('viaAdmin', 'echo_get')).res.status).toBe(401);
    const audit = (await (await admin('/audit?tenant=north&tool=echo_get')).json()) as {
      rows: Array<{ token: string; outcome: string }>;
    };
    expect(audit.rows.some((r) => r.token === token.id && r.outcome === 'ok')).toBe(true);
  });
});
