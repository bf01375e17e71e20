import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginOverHttp, startOAuthStack } from '../bridge/oauth-support.js';
import { spawnBridge, tempCredentials } from '../bridge/support.js';
import { runPortico } from '../support/cli.js';
import { type FlowHubStack, startFlowHubStack } from '../support/portico.js';

type Result = { isError?: boolean; content: { type: string; text: string }[] };

const USER = { email: 'ada@acme.example', password: 'correct horse battery staple' };
const ALL_SCOPES = 'mcp.tools.discovery mcp.tools.invoke mcp.tools.write';
const SYNC = { name: 'trigger_sync', arguments: { flow: 'salesforce-accounts-to-snowflake' } };
const reEscape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('portico connect: a 403 insufficient_scope is a refusal naming the scope (static token)', () => {
  let stack: FlowHubStack;

  beforeAll(async () => {
    stack = await startFlowHubStack();
  });
  afterAll(async () => {
    await stack.close();
  });

  it('a token without mcp.tools.write: trigger_sync is refused with the scope and how to get it', async () => {
    const { secret } = await stack.portico.security.access.createToken({
      tenantId: 'acme',
      label: 'read-only',
      scopes: ['mcp.tools.discovery', 'mcp.tools.invoke'],
    });
    const url = stack.portico.mcpUrl;
    const bridge = await spawnBridge([url], {
      PORTICO_CREDENTIALS_FILE: tempCredentials(),
      PORTICO_TOKEN: secret,
    });
    try {
      const ok = (await bridge.client.callTool({ name: 'list_flows', arguments: {} })) as Result;
      expect(ok.isError).toBeFalsy();
      const r = (await bridge.client.callTool(SYNC)) as Result;
      expect(r.isError).toBe(true);
      const text = r.content[0]!.text;
      expect(text).toMatch(/refused this request \(403 insufficient_scope\)/);
      expect(text).toMatch(/needs the scope mcp\.tools\.write, which your token does not have/);
      expect(text).toContain(
        'portico tokens create --scopes mcp.tools.discovery,mcp.tools.invoke,mcp.tools.write',
      );
      expect(text).toContain(`npx portico login ${url} --token <mcp_…>`);
      expect(text).not.toMatch(/Cannot reach|network/i);
    } finally {
      await bridge.close();
    }
  }, 60_000);
});

describe('portico status without an answer from the gateway', () => {
  it('exits 2 and says it cannot check (not "signed in", not "refused")', async () => {
    const server = createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const port = (server.address() as AddressInfo).port;
    await new Promise<void>((r) => server.close(() => r()));
    const url = `http://127.0.0.1:${port}/mcp`;
    const creds = tempCredentials();
    const file = { version: 1, gateways: { [url]: { kind: 'token', token: 'mcp_x', saved_at: '' } } };
    writeFileSync(creds, JSON.stringify(file), { mode: 0o600 });
    const r = await runPortico(['status', url], { PORTICO_CREDENTIALS_FILE: creds });
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/cannot check: Cannot reach the gateway/);
    const offline = await runPortico(['status', url, '--offline'], { PORTICO_CREDENTIALS_FILE: creds });
    expect(offline.code).toBe(0);
    const none = await runPortico(['status', 'http://127.0.0.1:1/mcp'], { PORTICO_CREDENTIALS_FILE: creds });
    expect(none.code).toBe(1);
    expect(none.stdout).toMatch(/not signed in/);
  }, 60_000);
});

/** The grant id inside a saved access token (the built-in server's `portico_grant` claim). */
function grantOf(creds: string, url: string): string {
  const entry = JSON.parse(readFileSync(creds, 'utf8')).gateways[url] as { access_token: string };
  const payload = JSON.parse(Buffer.from(entry.access_token.split('.')[1]!, 'base64url').toString('utf8'));
  return payload.portico_grant as string;
}

describe('portico connect/status/grants with the built-in OAuth server: refusals say what to do', () => {
  let stack: FlowHubStack;
  let url: string;
  let dataDir: string;
  const admin = `adm_${randomBytes(12).toString('hex')}`;

  beforeAll(async () => {
    stack = await startOAuthStack('10m', { PORTICO_ADMIN_TOKEN: admin });
    url = stack.portico.mcpUrl;
    dataDir = stack.portico.dataDir;
  });
  afterAll(async () => {
    await stack.close();
  });

  const adminApi = (method: string, path: string, token: string | null = admin) =>
    fetch(new URL(`/admin/api${path}`, stack.portico.url), {
      method,
      headers: token === null ? {} : { authorization: `Bearer ${token}` },
    });

  it('403 on a default sign-in names the missing write scope and the login command; that command fixes it', async () => {
    const creds = tempCredentials();
    const env = { PORTICO_CREDENTIALS_FILE: creds };
    expect((await loginOverHttp(url, env, USER)).code).toBe(0);
    const bridge = await spawnBridge([url], env);
    try {
      const r = (await bridge.client.callTool(SYNC)) as Result;
      expect(r.isError).toBe(true);
      const text = r.content[0]!.text;
      expect(text).toMatch(/refused this request \(403 insufficient_scope\)/);
      expect(text).toMatch(/needs the scope mcp\.tools\.write, which your sign-in does not have/);
      expect(text).toContain(`npx portico login ${url} --scopes "${ALL_SCOPES}"`);
      expect(text).not.toMatch(/Cannot reach|network/i);
    } finally {
      await bridge.close();
    }
    expect((await loginOverHttp(url, env, USER, ['--scopes', ALL_SCOPES])).code).toBe(0);
    const again = await spawnBridge([url], env, 'modern');
    try {
      const r = (await again.client.callTool(SYNC)) as Result;
      expect(r.isError).toBeFalsy();
    } finally {
      await again.close();
    }
  }, 120_000);

  it('grants: listed by the CLI and the admin API; revoking one stops the bridge and fails status', async () => {
    const creds = tempCredentials();
    const env = { PORTICO_CREDENTIALS_FILE: creds };
    expect((await loginOverHttp(url, env, USER)).code).toBe(0);
    const grantId = grantOf(creds, url);

    const listed = await runPortico(['grants', 'list', '--tenant', 'acme', '--json', '--data-dir', dataDir]);
    expect(listed.stderr).toBe('');
    expect(listed.code).toBe(0);
    const mine = (JSON.parse(listed.stdout).grants as Record<string, unknown>[]).find(
      (g) => g.id === grantId,
    );
    expect(mine).toMatchObject({
      tenant: 'acme',
      email: USER.email,
      client_name: 'Portico CLI (portico connect)',
      scopes: ['mcp.tools.discovery', 'mcp.tools.invoke'],
      status: 'active',
      revoked_at: null,
    });
    const human = await runPortico(['grants', 'list', '--user', USER.email, '--data-dir', dataDir]);
    expect(human.stdout).toMatch(new RegExp(`${grantId}\\s+acme\\s+${reEscape(USER.email)}\\s+Portico CLI`));

    expect((await adminApi('GET', '/grants', null)).status).toBe(401);
    const byUser = await adminApi('GET', `/grants?user=${encodeURIComponent(USER.email)}`);
    expect(byUser.status).toBe(200);
    expect(((await byUser.json()) as { grants: { id: string }[] }).grants.map((g) => g.id)).toContain(
      grantId,
    );
    const other = await adminApi('GET', '/grants?tenant=globex');
    expect(((await other.json()) as { grants: unknown[] }).grants).toEqual([]);
    expect((await adminApi('GET', '/grants?tenant=nope')).status).toBe(404);
    expect((await adminApi('GET', '/grants?colour=blue')).status).toBe(400);

    const bridge = await spawnBridge([url], env);
    try {
      expect(
        ((await bridge.client.callTool({ name: 'whoami', arguments: {} })) as Result).isError,
      ).toBeFalsy();
      const revoked = await adminApi('DELETE', `/grants/${grantId}`);
      expect(revoked.status).toBe(200);
      expect(await revoked.json()).toMatchObject({ id: grantId, status: 'revoked' });
      const r = (await bridge.client.callTool({ name: 'whoami', arguments: {} })) as Result;
      expect(r.isError).toBe(true);
      expect(r.content[0]!.text).toMatch(/was refused.*grant has been revoked.*npx portico login/);
    } finally {
      await bridge.close();
    }
    expect((await adminApi('DELETE', '/grants/grt_unknown')).status).toBe(404);
    const active = await runPortico(['grants', 'list', '--json', '--data-dir', dataDir]);
    expect((JSON.parse(active.stdout).grants as { id: string }[]).map((g) => g.id)).not.toContain(grantId);
    const all = await runPortico(['grants', 'list', '--all', '--json', '--data-dir', dataDir]);
    expect(
      (JSON.parse(all.stdout).grants as { id: string; status: string }[]).find((g) => g.id === grantId),
    ).toMatchObject({ status: 'revoked' });

    // The CLI side: a fresh sign-in, revoked with portico grants revoke (a wrong tenant is refused).
    expect((await loginOverHttp(url, env, USER)).code).toBe(0);
    const second = grantOf(creds, url);
    const wrong = await runPortico(['grants', 'revoke', second, '--tenant', 'globex', '--data-dir', dataDir]);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/Grant "grt_\w+" not found/);
    const rev = await runPortico(['grants', 'revoke', second, '--data-dir', dataDir]);
    expect(rev.code).toBe(0);
    expect(rev.stdout).toMatch(
      new RegExp(`Revoked grant ${second} \\(${reEscape(USER.email)} → Portico CLI`),
    );
    const status = await runPortico(['status', url], env);
    expect(status.code).toBe(1);
    expect(status.stdout).toMatch(/NOT WORKING: .*grant has been revoked/);
  }, 120_000);

  it('after portico users disable: status exits 1 and the bridge says the account was disabled', async () => {
    const creds = tempCredentials();
    const env = { PORTICO_CREDENTIALS_FILE: creds };
    expect((await loginOverHttp(url, env, USER)).code).toBe(0);
    const before = await runPortico(['status', url], env);
    expect(before.code).toBe(0);
    expect(before.stdout).toMatch(/signed in: .*\(acme\)/);

    const disabled = await runPortico(['users', 'disable', USER.email, '--data-dir', dataDir]);
    expect(disabled.code).toBe(0);
    try {
      const status = await runPortico(['status', url], env);
      expect(status.code).toBe(1);
      expect(status.stdout).toMatch(
        /NOT WORKING: .*This account is disabled; ask your Portico administrator/,
      );
      expect(status.stdout).not.toMatch(/can renew/);

      // A desktop client starting the bridge now: the first request (the version probe) is refused.
      const bridge = await spawnBridge([url], env, 'modern');
      try {
        const list = bridge.client.listTools();
        await expect(list).rejects.toThrow(/This account is disabled/);
        await expect(list).rejects.not.toThrow(/Version negotiation|Unexpected answer/);
        const r = (await bridge.client.callTool({ name: 'whoami', arguments: {} })) as Result;
        expect(r.isError).toBe(true);
        expect(r.content[0]!.text).toMatch(
          /^Portico: your sign-in for .* was refused.*account is disabled.*npx portico login/,
        );
      } finally {
        await bridge.close();
      }
    } finally {
      await runPortico(['users', 'enable', USER.email, '--data-dir', dataDir]);
    }
  }, 120_000);
});
