import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reloginMessage } from '../../src/bridge/index.js';
import { loginOverHttp, startOAuthStack } from '../bridge/oauth-support.js';
import { type BridgeChild, spawnBridge, tempCredentials } from '../bridge/support.js';
import { runPortico } from '../support/cli.js';
import type { FlowHubStack } from '../support/portico.js';

type Result = {
  isError?: boolean;
  content: { type: string; text: string }[];
  structuredContent?: Record<string, unknown>;
};
type Entry = {
  kind: string;
  access_token: string;
  refresh_token: string;
  access_expires_at: string;
  client_id: string;
};

const USER = { email: 'ada@acme.example', password: 'correct horse battery staple' };

function entryOf(creds: string, url: string): Entry {
  return JSON.parse(readFileSync(creds, 'utf8')).gateways[url] as Entry;
}

describe('portico login (OAuth) + connect with a short-lived access token', () => {
  let stack: FlowHubStack;
  let creds: string;
  let url: string;
  let bridge: BridgeChild | undefined;

  beforeAll(async () => {
    stack = await startOAuthStack('2s');
    creds = tempCredentials();
    url = stack.portico.mcpUrl;
  });
  afterAll(async () => {
    await bridge?.close();
    await stack.close();
  });

  it('signs in with DCR + PKCE over the loopback callback and saves the tokens (0600), printing none', async () => {
    const r = await loginOverHttp(url, { PORTICO_CREDENTIALS_FILE: creds }, USER);
    expect(r.callback.status).toBe(200);
    expect(r.callback.body).toContain('Signed in to Portico');
    expect(r.code).toBe(0);
    expect(r.output).toMatch(/Signed in to .*\/mcp/);
    const entry = entryOf(creds, url);
    expect(entry).toMatchObject({ kind: 'oauth' });
    expect(entry.refresh_token).toBeTruthy();
    expect(r.output).not.toContain(entry.access_token);
    expect(r.output).not.toContain(entry.refresh_token);
    expect(statSync(creds).mode & 0o777).toBe(0o600);
  });

  it('status shows the sign-in and who the gateway says you are', async () => {
    const r = await runPortico(['status', url], { PORTICO_CREDENTIALS_FILE: creds });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/OAuth sign-in via http:\/\/127\.0\.0\.1/);
    expect(r.stdout).toMatch(/Tenant .*\(acme\)/);
  });

  it('the bridge refreshes the expiring access token transparently and persists the rotation', async () => {
    const before = entryOf(creds, url);
    bridge = await spawnBridge([url], { PORTICO_CREDENTIALS_FILE: creds });
    const list = await bridge.client.listTools();
    expect(list.tools.map((t) => t.name)).toContain('list_flows');
    // Let the 2 s access token expire mid-session.
    await new Promise((r) => setTimeout(r, 2100));
    const r = (await bridge.client.callTool({ name: 'whoami', arguments: {} })) as Result;
    expect(r.isError).toBeFalsy();
    expect(r.structuredContent).toMatchObject({ tenant: { id: 'acme' } });
    const after = entryOf(creds, url);
    expect(after.refresh_token).not.toBe(before.refresh_token);
    expect(after.access_token).not.toBe(before.access_token);
  });

  it('an access token the gateway rejects (401) is refreshed once and the call retried', async () => {
    await bridge?.close();
    const entry = entryOf(creds, url);
    const file = JSON.parse(readFileSync(creds, 'utf8'));
    // A token the gateway does not accept, that the bridge believes valid for an hour.
    file.gateways[url] = {
      ...entry,
      access_token: `${entry.access_token.slice(0, -4)}AAAA`,
      access_expires_at: new Date(Date.now() + 3_600_000).toISOString(),
    };
    writeFileSync(creds, JSON.stringify(file), { mode: 0o600 });
    bridge = await spawnBridge([url], { PORTICO_CREDENTIALS_FILE: creds });
    const r = (await bridge.client.callTool({ name: 'list_flows', arguments: {} })) as Result;
    expect(r.isError).toBeFalsy();
    expect(entryOf(creds, url).refresh_token).not.toBe(entry.refresh_token);
  });

  it('a revoked sign-in: the next call fails with the exact re-login message, and so does every later one', async () => {
    await bridge?.close();
    bridge = await spawnBridge([url], { PORTICO_CREDENTIALS_FILE: creds });
    expect(((await bridge.client.callTool({ name: 'whoami', arguments: {} })) as Result).isError).toBeFalsy();
    const entry = entryOf(creds, url);
    const rev = await fetch(new URL('/oauth/revoke', url), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        token: entry.refresh_token,
        token_type_hint: 'refresh_token',
        client_id: entry.client_id,
      }),
    });
    expect(rev.status).toBe(200);
    for (let i = 0; i < 2; i++) {
      const r = (await bridge.client.callTool({ name: 'whoami', arguments: {} })) as Result;
      expect(r.isError).toBe(true);
      expect(r.content[0]!.text).toBe(reloginMessage(url, 'The grant has been revoked. Sign in again.'));
    }
  });

  it('logout revokes at the server and removes the entry', async () => {
    const again = await loginOverHttp(url, { PORTICO_CREDENTIALS_FILE: creds }, USER);
    expect(again.code).toBe(0);
    const entry = entryOf(creds, url);
    const r = await runPortico(['logout', url], { PORTICO_CREDENTIALS_FILE: creds });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Revoked the sign-in at the authorization server.');
    expect(JSON.parse(readFileSync(creds, 'utf8')).gateways[url]).toBeUndefined();
    const refresh = await fetch(new URL('/oauth/token', url), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: entry.refresh_token,
        client_id: entry.client_id,
      }),
    });
    expect(refresh.status).toBe(400);
  });
});

describe('20 bridge processes whose access tokens expired together', () => {
  let stack: FlowHubStack;
  let creds: string;
  let url: string;

  beforeAll(async () => {
    stack = await startOAuthStack('60s');
    creds = tempCredentials();
    url = stack.portico.mcpUrl;
    expect((await loginOverHttp(url, { PORTICO_CREDENTIALS_FILE: creds }, USER)).code).toBe(0);
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('all refresh at once: every call succeeds and one valid credentials file remains', async () => {
    // Every process starts with an access token its credentials file says has expired, so all of
    // them refresh at once (one refresh token, rotated under the file lock). The tokens they get
    // live 60 s: a 2 s lifetime would make every call a race against the machine's load.
    const file = JSON.parse(readFileSync(creds, 'utf8'));
    file.gateways[url].access_expires_at = new Date(Date.now() - 1000).toISOString();
    writeFileSync(creds, JSON.stringify(file), { mode: 0o600 });
    const bridges = await Promise.all(
      Array.from({ length: 20 }, () => spawnBridge([url], { PORTICO_CREDENTIALS_FILE: creds })),
    );
    try {
      const results = (await Promise.all(
        bridges.map((b) => b.client.callTool({ name: 'whoami', arguments: {} })),
      )) as Result[];
      expect(results.filter((x) => x.isError)).toEqual([]);
      const entry = entryOf(creds, url);
      expect(entry.kind).toBe('oauth');
      expect(statSync(creds).mode & 0o777).toBe(0o600);
      // The saved refresh token is the live one: one more bridge can still refresh with it.
      const again = (await bridges[0]!.client.callTool({ name: 'whoami', arguments: {} })) as Result;
      expect(again.isError).toBeFalsy();
    } finally {
      await Promise.all(bridges.map((b) => b.close()));
    }
  }, 120_000);

  it('no call of the storm was throttled (no auth_failures rejection)', async () => {
    const metrics = await (await fetch(`${stack.portico.url}/metrics`)).text();
    expect(metrics).not.toMatch(/portico_limit_rejections_total\{limit="auth_failures"\} [1-9]/);
  });
});
