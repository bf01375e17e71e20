import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Client } from '@modelcontextprotocol/client';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashTokenSecret } from '../../src/auth/index.js';
import { connectClient, type Era } from '../support/clients.js';
import { MCP_HEADERS, rpc, rpcBody } from '../support/mcp-post.js';
import { type FlowHubStack, startFlowHubStack } from '../support/portico.js';

type Result = {
  isError?: boolean;
  content: { type: string; text: string }[];
  structuredContent?: Record<string, unknown>;
};
type RpcReply = {
  id: unknown;
  result?: Result & { tools?: unknown[] };
  error?: { code: number; message: string };
};

let stack: FlowHubStack;
let dataDir: string;

beforeAll(async () => {
  stack = await startFlowHubStack({ runDurationMs: 200 });
  dataDir = stack.portico.dataDir;
});
afterAll(async () => {
  await stack?.close();
});

/** POST one JSON-RPC message to /mcp[/{view}] with a bearer token. */
async function post(token: string | undefined, method: string, params?: Record<string, unknown>, view = '') {
  const headers: Record<string, string> = { ...MCP_HEADERS };
  if (token !== undefined) headers.authorization = `Bearer ${token}`;
  return fetch(`${stack.portico.mcpUrl}${view === '' ? '' : `/${view}`}`, {
    method: 'POST',
    headers,
    body: rpc(method, params),
  });
}

async function call(token: string, name: string, args: Record<string, unknown> = {}) {
  const res = await post(token, 'tools/call', { name, arguments: args });
  return { res, body: res.status === 200 ? await rpcBody<RpcReply>(res) : ((await res.json()) as RpcReply) };
}

async function token(
  tenantId: string,
  extra: { scopes?: string[]; rateLimit?: string; expires?: string; views?: string[] } = {},
) {
  const { secret, token } = await stack.portico.security.access.createToken({
    tenantId,
    label: `test-${Math.random().toString(36).slice(2, 8)}`,
    ...extra,
  });
  return { secret, id: token.id };
}

describe('tokens on the wire', () => {
  it('a created token works and only its SHA-256 hash is at rest', async () => {
    const { secret, id } = await token('acme', { scopes: ['mcp.tools.discovery', 'mcp.tools.invoke'] });
    expect(secret).toMatch(/^mcp_[0-9A-Za-z]{43,}$/);
    const { res, body } = await call(secret, 'list_flows');
    expect(res.status).toBe(200);
    expect(body.result?.isError).toBeFalsy();
    await stack.portico.security.access.flush();
    const db = new Database(join(dataDir, 'portico.db'), { readonly: true });
    try {
      const row = db.prepare('SELECT * FROM tokens WHERE id = ?').get(id) as Record<string, unknown>;
      expect(row.hash).toBe(hashTokenSecret(secret));
      expect(JSON.stringify(row)).not.toContain(secret);
      expect(row.last_used_at).not.toBeNull();
    } finally {
      db.close();
    }
    const raw = readFileSync(join(dataDir, 'portico.db')).toString('latin1');
    expect(raw).not.toContain(secret);
    const listed = await stack.portico.security.access.listTokens({ tenantId: 'acme' });
    expect(JSON.stringify(listed)).not.toContain(secret);
    expect(JSON.stringify(listed)).not.toContain(hashTokenSecret(secret));
  });

  it('missing, malformed, unknown, revoked and expired credentials all get the same 401', async () => {
    const revoked = await token('acme');
    await stack.portico.security.access.revokeToken(revoked.id);
    const expired = await token('acme');
    const expiredRecord = await stack.portico.store.getToken(expired.id);
    // An expired token: same tenant, expiry in the past (written straight to the store).
    const past = await stack.portico.security.access.createToken({ tenantId: 'acme', label: 'expired' });
    await stack.portico.store.revokeToken('nonexistent', new Date());
    expect(expiredRecord).toBeDefined();
    const db = new Database(join(dataDir, 'portico.db'));
    db.prepare('UPDATE tokens SET expires_at = ? WHERE id = ?').run(
      '2020-01-01T00:00:00.000Z',
      past.token.id,
    );
    db.close();

    const bodies = new Set<string>();
    for (const t of [undefined, 'not-a-token', `mcp_${'A'.repeat(43)}`, revoked.secret, past.secret]) {
      const res = await post(t, 'tools/list');
      expect(res.status, String(t)).toBe(401);
      const challenge = res.headers.get('www-authenticate') ?? '';
      expect(challenge).toMatch(/^Bearer /);
      if (t !== undefined) expect(challenge).toContain('error="invalid_token"');
      const body = (await res.json()) as RpcReply;
      expect(body.error?.code).toBe(-32001);
      bodies.add(body.error?.message ?? '');
    }
    expect(bodies.size).toBe(1);
    // The still-valid token keeps working.
    expect((await post(expired.secret, 'tools/list')).status).toBe(200);
  });

  it('revocation takes effect on the next request', async () => {
    const t = await token('acme');
    expect((await post(t.secret, 'tools/list')).status).toBe(200);
    await stack.portico.security.access.revokeToken(t.id);
    expect((await post(t.secret, 'tools/list')).status).toBe(401);
  });

  it('tokens limited to views are refused elsewhere', async () => {
    const t = await token('acme', { views: ['readonly'] });
    expect((await post(t.secret, 'tools/list', undefined, 'readonly')).status).toBe(200);
    const res = await post(t.secret, 'tools/list');
    expect(res.status).toBe(403);
    expect(((await res.json()) as RpcReply).error?.message).toContain('readonly');
  });
});

describe('scopes', () => {
  it('a discovery-only token can list but not call (403 insufficient_scope)', async () => {
    const t = await token('acme', { scopes: ['mcp.tools.discovery'] });
    const list = await post(t.secret, 'tools/list');
    expect(list.status).toBe(200);
    const { result } = await rpcBody<RpcReply>(list);
    const tools = result?.tools as Array<{ name: string; _meta?: Record<string, unknown> }>;
    expect(tools.find((x) => x.name === 'list_flows')?._meta?.['dev.portico/invocable']).toBe(false);
    const { res, body } = await call(t.secret, 'list_flows');
    expect(res.status).toBe(403);
    expect(res.headers.get('www-authenticate')).toContain('error="insufficient_scope"');
    // The scope challenge names the whole set to ask for: what the token has plus what the call needs.
    expect(res.headers.get('www-authenticate')).toContain('scope="mcp.tools.discovery mcp.tools.invoke"');
    expect(body.error?.message).toContain('mcp.tools.invoke');
  });

  it('an invoke token cannot call trigger_sync; a write token can', async () => {
    const invoke = await token('acme', { scopes: ['mcp.tools.discovery', 'mcp.tools.invoke'] });
    const denied = await call(invoke.secret, 'trigger_sync', { flow: 'shopify-orders-to-snowflake' });
    expect(denied.res.status).toBe(403);
    expect(denied.res.headers.get('www-authenticate')).toContain(
      'scope="mcp.tools.discovery mcp.tools.invoke mcp.tools.write"',
    );
    expect(denied.body.error?.message).toContain('Ask your Portico administrator');
    const list = await rpcBody<RpcReply>(await post(invoke.secret, 'tools/list'));
    const tools = list.result?.tools as Array<{ name: string; _meta?: Record<string, unknown> }>;
    expect(tools.find((x) => x.name === 'trigger_sync')?._meta?.['dev.portico/permission']).toBe('list');
    expect(tools.find((x) => x.name === 'get_run')?._meta?.['dev.portico/permission']).toBe('invoke');

    const write = await token('acme', { scopes: ['mcp.tools.invoke', 'mcp.tools.write'] });
    const ok = await call(write.secret, 'trigger_sync', { flow: 'shopify-orders-to-snowflake' });
    expect(ok.res.status).toBe(200);
    expect(ok.body.result?.isError, ok.body.result?.content[0]?.text).toBeFalsy();
    // No discovery scope: listing is refused.
    expect((await post(write.secret, 'tools/list')).status).toBe(403);
  });

  it('the facade surface checks the scope of the chosen operation', async () => {
    const invoke = await token('acme', { scopes: ['mcp.tools.discovery', 'mcp.tools.invoke'] });
    const list = await rpcBody<RpcReply>(await post(invoke.secret, 'tools/list', undefined, 'ops'));
    const facade = (list.result!.tools as Array<{ name: string; description?: string }>).find((t) =>
      t.description?.includes('trigger_sync'),
    );
    expect(facade).toBeDefined();
    const res = await post(
      invoke.secret,
      'tools/call',
      { name: facade!.name, arguments: { operation: 'trigger_sync', flow: 'shopify-orders-to-snowflake' } },
      'ops',
    );
    expect(res.status).toBe(403);
    expect(res.headers.get('www-authenticate')).toContain(
      'scope="mcp.tools.discovery mcp.tools.invoke mcp.tools.write"',
    );
    const read = await post(
      invoke.secret,
      'tools/call',
      { name: facade!.name, arguments: { operation: 'list_flows' } },
      'ops',
    );
    expect(read.status).toBe(200);
  });

  it('whoami reports tenant, token and the permission for each tool', async () => {
    const invoke = await token('acme', { scopes: ['mcp.tools.discovery', 'mcp.tools.invoke'] });
    const { body } = await call(invoke.secret, 'whoami');
    const info = body.result?.structuredContent as {
      tenant: { id: string };
      token: { id: string; prefix: string };
      scopes: string[];
      tools: Array<{ name: string; permission: string }>;
    };
    expect(info.tenant.id).toBe('acme');
    expect(info.token.id).toBe(invoke.id);
    expect(invoke.secret.startsWith(info.token.prefix)).toBe(true);
    expect(JSON.stringify(info)).not.toContain(invoke.secret);
    expect(info.tools.find((t) => t.name === 'trigger_sync')?.permission).toBe('list');
    expect(info.tools.find((t) => t.name === 'list_flows')?.permission).toBe('invoke');
  });
});

describe.each<Era>(['modern', 'legacy'])('tenant isolation through the SDK client (%s)', (era) => {
  let acme: Client;
  let globex: Client;
  beforeAll(async () => {
    acme = await connectClient(stack.portico.mcpUrl, era, { authorization: `Bearer ${stack.tokens.acme}` });
    globex = await connectClient(stack.portico.mcpUrl, era, {
      authorization: `Bearer ${stack.tokens.globex}`,
    });
  });
  afterAll(async () => {
    await acme.close();
    await globex.close();
  });
  const callAs = async (c: Client, name: string, args: Record<string, unknown> = {}) =>
    (await c.callTool({ name, arguments: args })) as Result;

  it('each tenant sees only its own workspace through every listing tool', async () => {
    const acmeFlows = JSON.stringify((await callAs(acme, 'list_flows')).structuredContent);
    const globexFlows = JSON.stringify((await callAs(globex, 'list_flows')).structuredContent);
    expect(acmeFlows).toContain('shopify');
    expect(acmeFlows).not.toContain('globex-');
    expect(globexFlows).toContain('globex-netsuite-invoices');
    expect(globexFlows).not.toContain('shopify-orders');
    for (const tool of ['list_runs', 'list_connectors', 'get_system_health']) {
      const a = JSON.stringify((await callAs(acme, tool)).structuredContent);
      expect(a, tool).not.toContain('globex-');
    }
    const health = (await callAs(globex, 'get_system_health')).structuredContent as Record<string, unknown>;
    expect(JSON.stringify(health)).toContain('globex-netsuite-invoices');
  });

  it("another workspace's ids are not found through any argument", async () => {
    const runs = (await callAs(globex, 'list_runs', { limit: 5 })).structuredContent as {
      runs: Array<{ id?: string; run_id?: string }>;
    };
    const globexRun = runs.runs[0]?.id ?? runs.runs[0]?.run_id;
    expect(globexRun).toBeDefined();
    const ownView = await callAs(globex, 'get_run', { run_id: globexRun });
    expect(ownView.isError).toBeFalsy();
    for (const [tool, args] of [
      ['get_run', { run_id: globexRun }],
      ['get_run_errors', { run_id: globexRun }],
      ['get_flow', { flow: 'globex-netsuite-invoices' }],
      ['get_flow_mappings', { flow: 'globex-netsuite-invoices' }],
      ['list_flow_runs', { flow: 'globex-netsuite-invoices' }],
      ['get_flow_error_summary', { flow: 'globex-netsuite-invoices' }],
      ['trigger_sync', { flow: 'globex-netsuite-invoices' }],
    ] as const) {
      const r = await callAs(acme, tool, args);
      expect(r.isError, `${tool} must not reach globex data`).toBe(true);
      expect(r.content[0]?.text, tool).toMatch(/not found|404/i);
    }
  });
});

describe('limits', () => {
  it('a 5/min token gets 429 with Retry-After on the 6th call', async () => {
    const t = await token('acme', { rateLimit: '5/min' });
    for (let i = 0; i < 5; i++) expect((await call(t.secret, 'get_system_health')).res.status).toBe(200);
    const { res, body } = await call(t.secret, 'get_system_health');
    expect(res.status).toBe(429);
    const retry = Number(res.headers.get('retry-after'));
    expect(retry).toBeGreaterThanOrEqual(1);
    expect(retry).toBeLessThanOrEqual(60);
    expect(body.error?.message).toContain('5/min');
    expect(body.error?.message).toMatch(/resets at \d{4}-/);
  });

  it('failed authentications are throttled per client address', async () => {
    let last: Response | undefined;
    for (let i = 0; i < 25; i++) {
      last = await post(`mcp_${'B'.repeat(43)}`, 'tools/list');
      if (last.status === 429) break;
    }
    expect(last?.status).toBe(429);
    expect(Number(last?.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    // Even a valid token is refused from that address until the window resets.
    expect((await post(stack.tokens.acme, 'tools/list')).status).toBe(429);
  });
});
