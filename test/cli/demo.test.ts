import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runPortico, startPortico } from '../support/cli.js';
import { MCP_HEADERS, rpc, rpcBody } from '../support/mcp-post.js';

type Demo = {
  mcpUrl: string;
  token: string | null;
  tokens: Record<string, string> | null;
  noAuth: boolean;
  consoleUrl: string;
  users: { tenant: string; email: string; password: string; role: string }[];
};

async function listFlows(mcpUrl: string, token?: string) {
  const res = await fetch(mcpUrl, {
    method: 'POST',
    headers: { ...MCP_HEADERS, ...(token !== undefined ? { authorization: `Bearer ${token}` } : {}) },
    body: rpc('tools/call', { name: 'list_flows', arguments: {} }),
  });
  return {
    status: res.status,
    text: res.status === 200 ? JSON.stringify(await rpcBody(res)) : await res.text(),
  };
}

describe('portico demo', () => {
  it('creates the demo tenants, prints one token each and writes them to demo.json', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'portico-demo-'));
    const demoRun = await startPortico(
      ['demo', '--port', '0', '--data-dir', dataDir],
      {},
      /Press Ctrl\+C to stop/,
    );
    const { output } = demoRun;
    try {
      const demo = JSON.parse(readFileSync(join(dataDir, 'demo.json'), 'utf8')) as Demo;
      expect(demo.noAuth).toBe(false);
      expect(demo.token).toMatch(/^mcp_/);
      expect(demo.tokens?.acme).toBe(demo.token);
      expect(demo.tokens?.globex).toMatch(/^mcp_/);
      expect(output()).toContain(demo.tokens?.globex);
      expect(output()).toContain(`"Authorization": "Bearer ${demo.token}"`);
      // One sign-in user per tenant and a console operator, printed with their passwords.
      expect(demo.users.map((u) => [u.tenant, u.email, u.role])).toEqual([
        ['acme', 'ada@acme.example', 'member'],
        ['globex', 'grace@globex.example', 'member'],
        ['acme', 'operator@portico.example', 'operator'],
      ]);
      for (const u of demo.users) {
        expect(u.password.length).toBeGreaterThanOrEqual(12);
        expect(output()).toMatch(new RegExp(`${u.email.replaceAll('.', '\\.')} +password ${u.password}`));
      }

      // The 401 tells each kind of caller how to get in.
      const anonymous = await listFlows(demo.mcpUrl);
      expect(anonymous.status).toBe(401);
      expect(anonymous.text).toContain('portico login');
      expect(anonymous.text).not.toContain('portico tokens create');
      const badToken = await listFlows(demo.mcpUrl, 'mcp_notavalidtoken');
      expect(badToken.status).toBe(401);
      expect(badToken.text).toContain('portico tokens create');
      const acme = await listFlows(demo.mcpUrl, demo.tokens?.acme);
      const globex = await listFlows(demo.mcpUrl, demo.tokens?.globex);
      expect(acme.status).toBe(200);
      expect(acme.text).toContain('shopify-orders-to-snowflake');
      expect(acme.text).not.toContain('globex-');
      expect(globex.text).toContain('globex-netsuite-invoices');
      expect(globex.text).not.toContain('shopify-orders-to-snowflake');

      // The console URL, printed and in demo.json; a demo member signs in to the console.
      expect(demo.consoleUrl).toBe(demo.mcpUrl.replace(/\/mcp$/, '/console/'));
      expect(output()).toContain(demo.consoleUrl);
      const member = demo.users.find((u) => u.role === 'member' && u.tenant === 'acme')!;
      const signIn = await fetch(`${demo.consoleUrl}sign-in`, {
        method: 'POST',
        redirect: 'manual',
        body: new URLSearchParams({ email: member.email, password: member.password }),
      });
      expect(signIn.status).toBe(303);
      expect(signIn.headers.get('set-cookie')).toMatch(/^portico_console=.+HttpOnly; SameSite=Lax/);
    } finally {
      expect(await demoRun.stop()).toBe(0);
    }
  });

  it('a restart keeps the demo users and their passwords', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'portico-demo-'));
    const users: Demo['users'][] = [];
    for (let i = 0; i < 2; i++) {
      const demo = await startPortico(
        ['demo', '--port', '0', '--data-dir', dataDir],
        {},
        /Press Ctrl\+C to stop/,
      );
      users.push((JSON.parse(readFileSync(join(dataDir, 'demo.json'), 'utf8')) as Demo).users);
      expect(await demo.stop()).toBe(0);
    }
    expect(users[1]).toEqual(users[0]);
    expect(users[0]).toHaveLength(3);
  });

  it('--no-auth serves without tokens as acme, on loopback only', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'portico-demo-'));
    const demoRun = await startPortico(
      ['demo', '--no-auth', '--port', '0', '--data-dir', dataDir],
      {},
      /Press Ctrl\+C to stop/,
    );
    try {
      const demo = JSON.parse(readFileSync(join(dataDir, 'demo.json'), 'utf8')) as Demo;
      expect(demo).toMatchObject({ noAuth: true, token: null, users: [] });
      const acme = await listFlows(demo.mcpUrl);
      expect(acme.status).toBe(200);
      expect(acme.text).toContain('shopify-orders-to-snowflake');
    } finally {
      expect(await demoRun.stop()).toBe(0);
    }
    const refused = await runPortico([
      'demo',
      '--no-auth',
      '--host',
      '0.0.0.0',
      '--port',
      '0',
      '--data-dir',
      dataDir,
    ]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('--no-auth');
    expect(refused.stderr).toContain('loopback');
  });
});
