import { readFileSync, statSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reloginMessage } from '../../src/bridge/index.js';
import {
  type BridgeChild,
  type CountingProxy,
  spawnBridge,
  startCountingProxy,
  tempCredentials,
} from '../bridge/support.js';
import { runPortico } from '../support/cli.js';
import { type FlowHubStack, startFlowHubStack } from '../support/portico.js';

type Result = {
  isError?: boolean;
  content: { type: string; text: string }[];
  structuredContent?: Record<string, unknown>;
};

describe('portico connect with a static token', () => {
  let stack: FlowHubStack;
  let proxy: CountingProxy;
  let creds: string;
  let gatewayUrl: string;
  let bridge: BridgeChild;

  beforeAll(async () => {
    stack = await startFlowHubStack({ runDurationMs: 600 });
    proxy = await startCountingProxy(stack.portico.url);
    gatewayUrl = `${proxy.url}/mcp`;
    creds = tempCredentials();
  });
  afterAll(async () => {
    await bridge?.close();
    await proxy.close();
    await stack.close();
  });

  it('login --token checks the token, saves it with mode 0600 and never prints it', async () => {
    const secret = stack.tokens.acme!;
    const r = await runPortico(['login', gatewayUrl, '--token', secret], { PORTICO_CREDENTIALS_FILE: creds });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Token checked \(\d+ tools visible\) and saved/);
    expect(r.stdout + r.stderr).not.toContain(secret);
    expect(statSync(creds).mode & 0o777).toBe(0o600);
    const file = JSON.parse(readFileSync(creds, 'utf8'));
    expect(file.gateways[gatewayUrl]).toMatchObject({ kind: 'token', token: secret });
  });

  it('login --token refuses a wrong token and saves nothing', async () => {
    const other = tempCredentials();
    const r = await runPortico(['login', gatewayUrl, '--token', 'mcp_not_a_real_token_123456'], {
      PORTICO_CREDENTIALS_FILE: other,
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/rejected your token \(401\)/);
    expect(() => statSync(other)).toThrow();
  });

  it('lists and calls FlowHub tools through the bridge, stdout carrying only protocol', async () => {
    bridge = await spawnBridge([gatewayUrl], { PORTICO_CREDENTIALS_FILE: creds });
    const list = await bridge.client.listTools();
    const names = list.tools.map((t) => t.name);
    expect(names).toEqual(expect.arrayContaining(['list_flows', 'trigger_sync', 'whoami']));
    const flows = (await bridge.client.callTool({ name: 'list_flows', arguments: {} })) as Result;
    expect(flows.isError).toBeFalsy();
    expect(JSON.stringify(flows.structuredContent)).toContain('salesforce-accounts-to-snowflake');
    const me = (await bridge.client.callTool({ name: 'whoami', arguments: {} })) as Result;
    expect(me.structuredContent).toMatchObject({ tenant: { id: 'acme' } });
    expect(bridge.stderr()).toMatch(/bridging stdio to/);
    expect(bridge.stderr()).not.toContain(stack.tokens.acme!);
  });

  it('forwards progress notifications of a long-running call', async () => {
    const progress: { progress: number; message?: string }[] = [];
    const r = (await bridge.client.callTool(
      { name: 'trigger_sync', arguments: { flow: 'salesforce-accounts-to-snowflake', wait: true } },
      { onprogress: (p) => progress.push(p), timeout: 30_000 },
    )) as Result;
    expect(r.isError).toBeFalsy();
    expect(progress.length).toBeGreaterThan(0);
    expect(progress[0]!.message).toMatch(/run_id=run_\w+/);
  });

  it('passes the gateway’s own errors through unchanged (unknown tool)', async () => {
    await expect(bridge.client.callTool({ name: 'no_such_tool', arguments: {} })).rejects.toThrow(
      /no_such_tool/,
    );
  });

  it('gateway unreachable: a network error result; read-only tools retried once, trigger_sync never', async () => {
    proxy.mode = 'reset';
    proxy.calls.clear();
    const read = (await bridge.client.callTool({ name: 'list_flows', arguments: {} })) as Result;
    expect(read.isError).toBe(true);
    expect(read.content[0]!.text).toMatch(/Cannot reach the gateway at .*\/mcp/);
    expect(proxy.calls.get('list_flows')).toBe(2);
    const write = (await bridge.client.callTool({
      name: 'trigger_sync',
      arguments: { flow: 'salesforce-accounts-to-snowflake' },
    })) as Result;
    expect(write.isError).toBe(true);
    expect(write.content[0]!.text).toMatch(/Cannot reach the gateway/);
    expect(proxy.calls.get('trigger_sync')).toBe(1);
  });

  it('gateway 503: the error carries the gateway’s message; only read-only calls are retried', async () => {
    proxy.mode = '503';
    proxy.calls.clear();
    const read = (await bridge.client.callTool({ name: 'list_flows', arguments: {} })) as Result;
    expect(read.isError).toBe(true);
    expect(read.content[0]!.text).toMatch(/HTTP 503.*gateway in maintenance until 10:00/);
    expect(proxy.calls.get('list_flows')).toBe(2);
    const write = (await bridge.client.callTool({
      name: 'trigger_sync',
      arguments: { flow: 'salesforce-accounts-to-snowflake' },
    })) as Result;
    expect(write.isError).toBe(true);
    expect(proxy.calls.get('trigger_sync')).toBe(1);
    proxy.mode = 'pass';
    const again = (await bridge.client.callTool({ name: 'list_flows', arguments: {} })) as Result;
    expect(again.isError).toBeFalsy();
  });

  it('a revoked token: the call fails with what to do', async () => {
    const tokens = await stack.portico.security!.access.listTokens({ tenantId: 'acme' });
    await stack.portico.security!.access.revokeToken(tokens[0]!.id);
    const r = (await bridge.client.callTool({ name: 'list_flows', arguments: {} })) as Result;
    expect(r.isError).toBe(true);
    expect(r.content[0]!.text).toMatch(/rejected your token \(401\).*npx portico login/);
    expect(reloginMessage(gatewayUrl)).toContain(gatewayUrl);
    const status = await runPortico(['status', gatewayUrl], { PORTICO_CREDENTIALS_FILE: creds });
    expect(status.code).toBe(1);
    expect(status.stdout).toMatch(/NOT WORKING: .*rejected your token \(401\)/);
  });

  it('without saved credentials every call says to log in', async () => {
    const lonely = await spawnBridge([gatewayUrl], { PORTICO_CREDENTIALS_FILE: tempCredentials() });
    try {
      await expect(lonely.client.listTools()).rejects.toThrow(/not signed in to .*Run: npx portico login/);
    } finally {
      await lonely.close();
    }
  });
});
