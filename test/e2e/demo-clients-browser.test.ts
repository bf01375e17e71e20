import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, StreamableHTTPClientTransport, UnauthorizedError } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnBridge, tempCredentials } from '../bridge/support.js';
import { hasChromium, launchChromium } from '../support/browser.js';
import { type BrowserHook, startBrowserHook } from '../support/browser-hook.js';
import { MemoryProvider } from '../support/oauth-provider.js';
import { expectHeading, signInWithBrowser } from '../support/sign-in.js';
import { spawnCli, startCli } from '../support/spawn-cli.js';

const MCP_REMOTE = join(import.meta.dirname, '..', '..', 'node_modules', '.bin', 'mcp-remote');

type Demo = { mcpUrl: string; users: { tenant: string; email: string; password: string }[] };
type Result = { isError?: boolean; content: { type: string; text: string }[]; structuredContent?: unknown };

/**
 * `npm start` (portico demo), then the real `mcp-remote` — the stdio bridge most desktop assistants
 * run — signing in through the browser flow in Chromium, as a newcomer would.
 */
describe.skipIf(!hasChromium())('portico demo (npm start): real clients sign in through the browser', () => {
  let demoProcess: ChildProcess;
  let demo: Demo;
  let browser: Browser;
  let hook: BrowserHook;
  const configDir = mkdtempSync(join(tmpdir(), 'portico-mcp-remote-'));
  let stderr = '';

  beforeAll(async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'portico-demo-'));
    demoProcess = (
      await startCli(['demo', '--port', '0', '--data-dir', dataDir], {}, /Press Ctrl\+C to stop/)
    ).child;
    demo = JSON.parse(readFileSync(join(dataDir, 'demo.json'), 'utf8')) as Demo;
    browser = await launchChromium();
    hook = await startBrowserHook();
  });
  afterAll(async () => {
    await browser?.close();
    await hook?.close();
    if (demoProcess !== undefined && demoProcess.exitCode === null) {
      demoProcess.kill('SIGTERM');
      await new Promise((r) => demoProcess.once('exit', r));
    }
  });

  /** mcp-remote as an assistant starts it: a stdio child, its state in our temp config dir. */
  function mcpRemote(): { client: Client; transport: StdioClientTransport } {
    const transport = new StdioClientTransport({
      command: MCP_REMOTE,
      args: [demo.mcpUrl],
      env: { ...(process.env as Record<string, string>), ...hook.env, MCP_REMOTE_CONFIG_DIR: configDir },
      stderr: 'pipe',
    });
    transport.stderr?.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    return { client: new Client({ name: 'assistant', version: '1.0.0' }), transport };
  }

  const ada = () => demo.users.find((u) => u.email === 'ada@acme.example')!;
  const grace = () => demo.users.find((u) => u.email === 'grace@globex.example')!;

  it('opens the browser; the demo user signs in, allows, and tools are listed and called', async () => {
    expect(demo.users.map((u) => u.email).sort()).toEqual([
      'ada@acme.example',
      'grace@globex.example',
      'operator@portico.example',
    ]);
    const { client, transport } = mcpRemote();
    const connected = client.connect(transport);
    const authUrl = await hook.next(60_000);
    expect(new URL(authUrl).pathname).toBe('/oauth/authorize');
    // The demo offers every scope; the user allows reading only.
    const back = await signInWithBrowser(browser, authUrl, {
      ...ada(),
      expectScopes: ['mcp.tools.discovery', 'mcp.tools.invoke', 'mcp.tools.write'],
      untick: ['mcp.tools.write'],
    });
    expect(back.searchParams.get('code')).toBeTruthy();
    expect(back.searchParams.get('iss')).toBe(new URL(demo.mcpUrl).origin);
    await connected;
    try {
      const tools = await client.listTools();
      expect(tools.tools.map((t) => t.name)).toContain('list_flows');
      const flows = (await client.callTool({ name: 'list_flows', arguments: {} })) as Result;
      expect(flows.isError ?? false).toBe(false);
      expect(JSON.stringify(flows.content)).toContain('shopify-orders-to-snowflake');
      const me = (await client.callTool({ name: 'whoami', arguments: {} })) as Result;
      expect(me.structuredContent).toMatchObject({
        tenant: { id: 'acme' },
        token: { kind: 'oauth' },
        scopes: ['mcp.tools.discovery', 'mcp.tools.invoke'],
      });
    } finally {
      await client.close();
    }
  }, 90_000);

  it('a write tool steps up: the 403 scope challenge re-opens the browser, the user ticks the write scope, the call succeeds', async () => {
    const { client, transport } = mcpRemote();
    await client.connect(transport);
    try {
      const before = hook.opened;
      const call = client.callTool({
        name: 'trigger_sync',
        arguments: { flow: 'shopify-orders-to-snowflake' },
      });
      call.catch(() => undefined); // awaited below; must not surface as unhandled meanwhile
      const authUrl = await hook.next(60_000).catch((err: Error) => {
        throw new Error(`${err.message}; mcp-remote said:\n${stderr.slice(-3000)}`);
      });
      expect(hook.opened).toBe(before + 1);
      expect(new URL(authUrl).searchParams.get('scope')?.split(' ')).toEqual(
        expect.arrayContaining(['mcp.tools.discovery', 'mcp.tools.invoke', 'mcp.tools.write']),
      );
      await signInWithBrowser(browser, authUrl, {
        ...ada(),
        expectScopes: ['mcp.tools.discovery', 'mcp.tools.invoke', 'mcp.tools.write'],
      });
      const result = (await call) as Result;
      expect(result.isError ?? false, JSON.stringify(result.content)).toBe(false);
      const me = (await client.callTool({ name: 'whoami', arguments: {} })) as Result;
      expect((me.structuredContent as { scopes: string[] }).scopes).toContain('mcp.tools.write');
    } finally {
      await client.close();
    }
  }, 90_000);

  it('a restarted mcp-remote reuses its stored tokens: no browser opens', async () => {
    const before = hook.opened;
    const { client, transport } = mcpRemote();
    await client.connect(transport);
    try {
      const tools = await client.listTools();
      expect(tools.tools.length).toBeGreaterThan(0);
      expect(hook.opened).toBe(before);
    } finally {
      await client.close();
    }
  }, 60_000);

  it('portico login opens the browser; grace signs in; portico connect lists and calls tools as globex', async () => {
    const creds = tempCredentials();
    const login = spawnCli(['login', demo.mcpUrl], { ...hook.env, PORTICO_CREDENTIALS_FILE: creds });
    const authUrl = await hook.next(60_000);
    const back = await signInWithBrowser(browser, authUrl, {
      ...grace(),
      untick: ['mcp.tools.write'],
      // portico login's own loopback page tells the user where to go next.
      onCallbackPage: (page) => expectHeading(page, 'Signed in to Portico'),
    });
    expect(back.hostname).toBe('127.0.0.1');
    const done = await login;
    expect(done.code, done.stderr).toBe(0);
    expect(done.stdout).toContain(`Signed in to ${demo.mcpUrl}`);
    const bridge = await spawnBridge([demo.mcpUrl], { PORTICO_CREDENTIALS_FILE: creds });
    try {
      expect((await bridge.client.listTools()).tools.map((t) => t.name)).toContain('list_flows');
      const flows = (await bridge.client.callTool({ name: 'list_flows', arguments: {} })) as Result;
      expect(flows.isError ?? false).toBe(false);
      expect(JSON.stringify(flows.content)).toContain('globex-netsuite-invoices');
    } finally {
      await bridge.close();
    }
  }, 90_000);

  it('the SDK v2 client’s OAuth: discovery, registration, browser sign-in, tools', async () => {
    const provider = new MemoryProvider();
    const first = new StreamableHTTPClientTransport(new URL(demo.mcpUrl), { authProvider: provider });
    const client = new Client({ name: 'sdk-v2-assistant', version: '1.0.0' });
    await expect(client.connect(first)).rejects.toBeInstanceOf(UnauthorizedError);
    const back = await signInWithBrowser(browser, provider.authUrl!, ada());
    await first.finishAuth(back.searchParams);
    const again = new Client({ name: 'sdk-v2-assistant', version: '1.0.0' });
    await again.connect(new StreamableHTTPClientTransport(new URL(demo.mcpUrl), { authProvider: provider }));
    try {
      expect((await again.listTools()).tools.map((t) => t.name)).toContain('trigger_sync');
      const me = (await again.callTool({ name: 'whoami', arguments: {} })) as Result;
      expect(me.structuredContent).toMatchObject({ tenant: { id: 'acme' }, token: { kind: 'oauth' } });
    } finally {
      await again.close();
    }
  }, 60_000);

  it('demo mcp_ tokens keep working beside OAuth', async () => {
    const tokens = (demo as Demo & { tokens: Record<string, string> }).tokens;
    const client = new Client({ name: 'token-client', version: '1.0.0' });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(demo.mcpUrl), {
        requestInit: { headers: { Authorization: `Bearer ${tokens.globex}` } },
      }),
    );
    try {
      const me = (await client.callTool({ name: 'whoami', arguments: {} })) as Result;
      expect(me.structuredContent).toMatchObject({ tenant: { id: 'globex' }, token: { kind: 'token' } });
    } finally {
      await client.close();
    }
  });
});
