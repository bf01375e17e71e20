import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOAuthStack } from '../bridge/oauth-support.js';
import { hasChromium, launchChromium } from '../support/browser.js';
import { type BrowserHook, startBrowserHook } from '../support/browser-hook.js';
import type { FlowHubStack } from '../support/portico.js';
import { signInWithBrowser } from '../support/sign-in.js';

const MCP_REMOTE = join(import.meta.dirname, '..', '..', 'node_modules', '.bin', 'mcp-remote');

type Result = { isError?: boolean; structuredContent?: { token?: { id: string } } };

/**
 * "Tools work for weeks": mcp-remote signed in once in the browser keeps working across several
 * 30-second access tokens, refreshing silently (no browser again).
 */
describe.skipIf(!hasChromium())('mcp-remote refreshes silently (30 s access tokens)', () => {
  let stack: FlowHubStack & { password: string };
  let browser: Browser;
  let hook: BrowserHook;

  beforeAll(async () => {
    stack = await startOAuthStack('30s');
    browser = await launchChromium();
    hook = await startBrowserHook();
  });
  afterAll(async () => {
    await browser?.close();
    await hook?.close();
    await stack?.close();
  });

  it('one sign-in, then calls for over a minute on the same grant, no second browser', async () => {
    let stderr = '';
    const configDir = mkdtempSync(join(tmpdir(), 'portico-mcp-remote-'));
    /** The access token mcp-remote has stored (its `<hash>_tokens.json`). */
    const storedAccess = () => {
      const file = readdirSync(configDir, { recursive: true, encoding: 'utf8' }).find((f) =>
        f.endsWith('_tokens.json'),
      );
      expect(file, 'mcp-remote stored its tokens').toBeDefined();
      return (JSON.parse(readFileSync(join(configDir, file!), 'utf8')) as { access_token: string })
        .access_token;
    };
    const transport = new StdioClientTransport({
      command: MCP_REMOTE,
      args: [stack.portico.mcpUrl],
      env: {
        ...(process.env as Record<string, string>),
        ...hook.env,
        MCP_REMOTE_CONFIG_DIR: configDir,
      },
      stderr: 'pipe',
    });
    transport.stderr?.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    const client = new Client({ name: 'assistant', version: '1.0.0' });
    const connected = client.connect(transport);
    await signInWithBrowser(browser, await hook.next(60_000), {
      email: 'ada@acme.example',
      password: stack.password,
    });
    await connected;
    try {
      const firstAccess = storedAccess();
      const grants = new Set<string>();
      const started = Date.now();
      let calls = 0;
      // Three access-token lifetimes and a bit: every call must succeed without a new sign-in.
      while (Date.now() - started < 80_000) {
        const r = (await client.callTool({ name: 'whoami', arguments: {} })) as Result;
        expect(r.isError ?? false, stderr.slice(-2000)).toBe(false);
        grants.add(r.structuredContent!.token!.id);
        calls++;
        await new Promise((res) => setTimeout(res, 10_000));
      }
      expect(calls).toBeGreaterThanOrEqual(7);
      expect([...grants]).toHaveLength(1);
      expect(hook.opened).toBe(1);
      // The first access token expired on the way (30 s + 30 s clock tolerance): it was refreshed.
      expect(storedAccess()).not.toBe(firstAccess);
    } finally {
      await client.close();
    }
  }, 150_000);
});
