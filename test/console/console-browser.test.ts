import { mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { searchTools } from '../../src/catalog/index.js';
import { OAuthUsers } from '../../src/oauth/index.js';
import { hasChromium, launchChromium } from '../support/browser.js';
import { connectClient } from '../support/clients.js';
import { type FlowHubStack, startFlowHubStack } from '../support/portico.js';
import { expectAccessible, signIn } from './helpers.js';

const PASSWORD = 'correct horse battery staple';
/** Set PORTICO_CONSOLE_SCREENSHOTS=1 to refresh docs/console/*.png. */
const SHOTS = process.env.PORTICO_CONSOLE_SCREENSHOTS === '1';

describe.skipIf(!hasChromium())('web console in Chromium', () => {
  let stack: FlowHubStack;
  let browser: Browser;
  let base: string;
  const contexts: BrowserContext[] = [];

  async function pageFor(email: string): Promise<Page> {
    const context = await browser.newContext();
    contexts.push(context);
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
    const page = await context.newPage();
    watchCsp(page);
    await signIn(page, base, email, PASSWORD);
    return page;
  }

  /** Content-Security-Policy violations the pages caused (htmx, copy buttons, styles must all comply). */
  const cspViolations: string[] = [];
  function watchCsp(page: Page): void {
    page.on('console', (m) => {
      if (m.type() === 'error' && /Content Security Policy|Refused to/i.test(m.text()))
        cspViolations.push(m.text());
    });
  }
  afterEach(() => {
    expect(cspViolations).toEqual([]);
  });

  const nav = (page: Page) => page.getByRole('navigation', { name: 'Console' });

  async function tokenId(label: string): Promise<string> {
    const all = await stack.portico.security.access.listTokens({ tenantId: 'acme' });
    const t = all.find((x) => x.label === label);
    if (t === undefined) throw new Error(`no token ${label}`);
    return t.id;
  }

  async function shot(page: Page, name: string): Promise<void> {
    if (!SHOTS) return;
    mkdirSync(join('docs', 'console'), { recursive: true });
    await page.screenshot({ path: join('docs', 'console', `${name}.png`), fullPage: true });
  }

  beforeAll(async () => {
    stack = await startFlowHubStack({ runDurationMs: 200 });
    base = stack.portico.url;
    const users = new OAuthUsers(stack.portico.store);
    await users.create({ tenantId: 'acme', email: 'alice@acme.example', password: PASSWORD });
    await users.create({ tenantId: 'acme', email: 'bob@acme.example', password: PASSWORD });
    await users.create({ tenantId: 'acme', email: 'ada@acme.example', password: PASSWORD, role: 'admin' });
    await users.create({ tenantId: 'globex', email: 'gina@globex.example', password: PASSWORD });
    await users.create({
      tenantId: 'acme',
      email: 'olga@portico.example',
      password: PASSWORD,
      role: 'operator',
    });
    browser = await launchChromium();
  });
  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await stack?.close();
  });

  it('refuses a wrong password, then signs in to the MCP server page with the navigation', async () => {
    const context = await browser.newContext();
    contexts.push(context);
    const page = await context.newPage();
    watchCsp(page);
    await page.goto(`${base}/console/tokens`);
    expect(new URL(page.url()).pathname).toBe('/console/sign-in');
    await shot(page, 'sign-in');
    await expectAccessible(page);
    await page.getByLabel('Email').fill('alice@acme.example');
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toContain('Wrong email or password');

    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    // Back where the user was going.
    expect(new URL(page.url()).pathname).toBe('/console/tokens');
    const cookies = await context.cookies(base);
    const session = cookies.find((c) => c.name === 'portico_console');
    expect(session?.httpOnly).toBe(true);
    expect(session?.sameSite).toBe('Lax');
    for (const name of ['MCP server', 'Tokens', 'Sign-ins', 'Tools', 'Activity']) {
      await expect(nav(page).getByRole('link', { name }).count()).resolves.toBe(1);
    }
    await expect(nav(page).getByRole('link', { name: 'Operator' }).count()).resolves.toBe(0);
    await nav(page).getByRole('link', { name: 'MCP server' }).click();
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('MCP server');
    await expect(page.getByText(`${base}/mcp/readonly`).count()).resolves.toBeGreaterThan(0);
    await shot(page, 'mcp-server');
    await expectAccessible(page);
  });

  let aliceToken: { secret: string; label: string } | undefined;

  it('creates a token, copies it, uses it with the SDK client and sees "last used" change', async () => {
    const page = await pageFor('alice@acme.example');
    await nav(page).getByRole('link', { name: 'Tokens' }).click();
    await page.getByRole('button', { name: 'New token' }).click();
    await expectAccessible(page);
    await shot(page, 'new-token');
    await page.getByLabel('Label').fill('laptop-claude');
    await page.getByLabel('Expires').selectOption({ label: '30 days' });
    await page.getByRole('button', { name: 'Create' }).click();
    await expect(page.getByRole('status').first().textContent()).resolves.toContain(
      'you will not see it again',
    );
    await page.getByRole('button', { name: 'Copy Your new token' }).click();
    await page.getByText('Copied.').waitFor();
    const secret = await page.evaluate(() => navigator.clipboard.readText());
    expect(secret).toMatch(/^mcp_[0-9A-Za-z]{40,}$/);
    // The Claude Desktop setup carries the same token.
    await expect(page.locator('#setup-claude-desktop').textContent()).resolves.toContain(secret);
    await expectAccessible(page);
    await shot(page, 'token-created');
    aliceToken = { secret, label: 'laptop-claude' };

    await nav(page).getByRole('link', { name: 'Tokens' }).click();
    const row = page.getByRole('row').filter({ hasText: 'laptop-claude' });
    await expect(row.count()).resolves.toBe(1);
    await expect(row.getByRole('cell').nth(6).textContent()).resolves.toBe('never');

    const client = await connectClient(stack.portico.mcpUrl, 'modern', { authorization: `Bearer ${secret}` });
    try {
      const { tools } = await client.listTools();
      expect(tools.map((t) => t.name)).toContain('list_flows');
      const result = await client.callTool({ name: 'list_flows', arguments: {} });
      expect(result.isError).toBeFalsy();
    } finally {
      await client.close();
    }
    await page.reload();
    const lastUsed = await page
      .getByRole('row')
      .filter({ hasText: 'laptop-claude' })
      .getByRole('cell')
      .nth(6)
      .textContent();
    expect(lastUsed).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d$/);
    await shot(page, 'tokens');
    await expectAccessible(page);
  });

  it('another member, another tenant and crafted URLs and posts cannot see or revoke the token', async () => {
    const id = await tokenId('laptop-claude');
    for (const email of ['bob@acme.example', 'gina@globex.example']) {
      const page = await pageFor(email);
      await page.goto(`${base}/console/tokens`);
      await expect(page.getByText('laptop-claude').count()).resolves.toBe(0);
      const confirm = await page.goto(`${base}/console/tokens/${id}/revoke`);
      expect(confirm?.status()).toBe(404);
      // A crafted form post with this user's own valid CSRF token.
      await page.goto(`${base}/console/tokens/new`);
      const csrf = await page.locator('input[name=_csrf]').first().inputValue();
      const res = await page.request.post(`${base}/console/tokens/${id}/revoke`, {
        form: { _csrf: csrf },
        maxRedirects: 0,
      });
      expect(res.status()).toBe(404);
    }
    expect((await stack.portico.security.access.getToken(id))?.revokedAt).toBeNull();

    // The admin of acme sees it; the admin of nothing else.
    const admin = await pageFor('ada@acme.example');
    await admin.goto(`${base}/console/tokens`);
    await expect(admin.getByRole('row').filter({ hasText: 'laptop-claude' }).count()).resolves.toBe(1);
  });

  it('refuses a form post from another origin and one without the CSRF token', async () => {
    const id = await tokenId('laptop-claude');
    const page = await pageFor('alice@acme.example');
    // Another site (another port of the same host: same-site, so the Lax cookie is sent) posts a form.
    const evil: Server = createServer((_req, res) => {
      res.setHeader('content-type', 'text/html');
      res.end(
        `<!DOCTYPE html><html lang="en"><title>x</title><form method="post" action="${base}/console/tokens/${id}/revoke"><input type="hidden" name="_csrf" value="guess"><button>Win a prize</button></form></html>`,
      );
    });
    await new Promise<void>((r) => evil.listen(0, '127.0.0.1', r));
    try {
      await page.goto(`http://127.0.0.1:${(evil.address() as AddressInfo).port}/`);
      const [response] = await Promise.all([
        page.waitForResponse((r) => r.url().includes('/revoke')),
        page.getByRole('button', { name: 'Win a prize' }).click(),
      ]);
      expect(response.status()).toBe(403);
    } finally {
      evil.close();
    }
    const res = await page.request.post(`${base}/console/tokens/${id}/revoke`, { form: {}, maxRedirects: 0 });
    expect(res.status()).toBe(403);
    expect((await stack.portico.security.access.getToken(id))?.revokedAt).toBeNull();
  });

  it('revokes with a confirmation step, and the next call with the token is refused', async () => {
    const page = await pageFor('alice@acme.example');
    await page.goto(`${base}/console/tokens`);
    await page
      .getByRole('row')
      .filter({ hasText: 'laptop-claude' })
      .getByRole('button', { name: /Revoke/ })
      .click();
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toContain('Revoke token');
    await expectAccessible(page);
    await shot(page, 'revoke');
    await page.getByRole('button', { name: 'Yes, revoke' }).click();
    await expect(page.getByRole('status').textContent()).resolves.toContain('revoked');
    await expect(
      page.getByRole('row').filter({ hasText: 'laptop-claude' }).getByRole('button').count(),
    ).resolves.toBe(0);
    await expect(
      connectClient(stack.portico.mcpUrl, 'modern', { authorization: `Bearer ${aliceToken!.secret}` }),
    ).rejects.toThrow(/401|nauthori[sz]ed|invalid_token/i);
  });

  it('searches the tool picker as you type and runs Try it on get_flow through the audited path', async () => {
    const page = await pageFor('alice@acme.example');
    await nav(page).getByRole('link', { name: 'Tools' }).click();
    await expectAccessible(page);
    const status = page.getByRole('status');
    await expect(status.textContent()).resolves.toMatch(/^\d+ tools/);
    // Typing updates the results in place (htmx, debounced), no page load.
    let loads = 0;
    page.on('load', () => loads++);
    await page.getByLabel('Search tools').pressSequentially('why did my run fail', { delay: 20 });
    await page.waitForFunction(() =>
      document.querySelector('#tool-results [role=status]')?.textContent?.includes('match'),
    );
    expect(loads).toBe(0);
    // The same ranking as search_tools on this view.
    const expected = searchTools(
      stack.portico.gateway.view('default')!.searchIndex,
      'why did my run fail',
      5,
    ).map((h) => h.name);
    expect(expected.length).toBeGreaterThan(0);
    const shown = await page.locator('#tool-results tbody tr td:first-child').allTextContents();
    expect(shown.slice(0, expected.length)).toEqual(expected);
    await page.getByLabel('Access').selectOption({ label: 'Write' });
    await page.waitForFunction(() =>
      [...document.querySelectorAll('#tool-results tbody tr td:nth-child(3)')].every(
        (td) => td.textContent === 'write',
      ),
    );
    await expect(page.locator('#tool-results tbody tr').count()).resolves.toBeGreaterThan(0);
    await shot(page, 'tools');

    await page.goto(`${base}/console/tools?q=get_flow`);
    await page.locator('#tool-results').getByRole('link', { name: 'get_flow', exact: true }).click();
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('get_flow');
    await page.getByLabel(/^flow/).fill('shopify-orders-to-snowflake');
    await page.getByRole('button', { name: 'Try it' }).click();
    await expect(page.getByRole('status').textContent()).resolves.toContain('succeeded');
    await expect(page.locator('#try-result').textContent()).resolves.toContain(
      '"name": "shopify-orders-to-snowflake"',
    );
    await expectAccessible(page);
    await shot(page, 'tool');
    // Audited like any MCP call, as this user.
    await stack.portico.security.audit.flush();
    const rows = await stack.portico.security.audit.query({ tenantId: 'acme', tool: 'get_flow' });
    const user = await stack.portico.store.findOAuthUserByEmail('alice@acme.example');
    expect(rows.some((r) => r.tokenId === user?.id && r.outcome === 'ok')).toBe(true);
  });

  it('filters and exports the activity, with a server-rendered usage chart; other tenants see none of it', async () => {
    const client = await connectClient(stack.portico.mcpUrl, 'modern', {
      authorization: `Bearer ${stack.tokens.acme}`,
    });
    try {
      await client.callTool({ name: 'get_flow', arguments: { flow: 'shopify-orders-to-snowflake' } });
      await client.callTool({ name: 'list_flows', arguments: {} });
    } finally {
      await client.close();
    }
    const page = await pageFor('alice@acme.example');
    await nav(page).getByRole('link', { name: 'Activity' }).click();
    await expect(page.getByRole('img', { name: /Tool calls per day/ }).count()).resolves.toBe(1);
    // Today's quota use, as the limiter counts it (every tools/call of the tenant).
    const usage = await stack.portico.security.limits.quotaUsage('acme');
    expect(usage?.used).toBeGreaterThanOrEqual(2);
    await expect(
      page
        .getByRole('img', { name: `acme: ${usage!.used} of 10,000 tool calls of today's quota used (0%)` })
        .count(),
    ).resolves.toBe(1);
    await page.getByRole('textbox', { name: 'Tool' }).fill('get_flow');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    const tools = await page.locator('table tbody tr td:nth-child(3)').allTextContents();
    expect(tools.length).toBeGreaterThan(0);
    expect(new Set(tools)).toEqual(new Set(['get_flow']));
    await expectAccessible(page);
    await shot(page, 'activity');

    const csvHref = await page.getByRole('link', { name: 'CSV' }).getAttribute('href');
    const csv = await page.request.get(`${base}${csvHref}`);
    expect(csv.headers()['content-type']).toContain('text/csv');
    const lines = (await csv.text()).trim().split('\r\n');
    expect(lines[0]).toContain('at,tenant,token');
    expect(lines.slice(1).every((l) => l.includes(',acme,') && l.includes('get_flow'))).toBe(true);
    const jsonHref = await page.getByRole('link', { name: 'JSON' }).getAttribute('href');
    const json = (await (await page.request.get(`${base}${jsonHref}`)).json()) as {
      rows: Array<{ tool: string }>;
    };
    expect(json.rows.length).toBe(lines.length - 1);

    const gina = await pageFor('gina@globex.example');
    const theirs = (await (await gina.request.get(`${base}/console/activity.json?tenant=acme`)).json()) as {
      rows: Array<{ tenant: string }>;
    };
    expect(theirs.rows.every((r) => r.tenant === 'globex')).toBe(true);
  });

  it('operator pages: tenants, users, catalogue and masked config; members get no operator page', async () => {
    const member = await pageFor('bob@acme.example');
    expect((await member.goto(`${base}/console/operator`))?.status()).toBe(404);

    const page = await pageFor('olga@portico.example');
    expect(new URL(page.url()).pathname).toBe('/console/operator');
    await expect(page.getByRole('heading', { name: 'Tenants' }).count()).resolves.toBe(1);
    await expect(page.getByRole('cell', { name: 'globex', exact: true }).count()).resolves.toBeGreaterThan(0);
    await expect(page.getByText(/^Revision \d+/).count()).resolves.toBe(1);
    await expectAccessible(page);
    await shot(page, 'operator');

    await page.getByLabel('New user email').fill('carl@globex.example');
    await page.getByLabel('Tenant', { exact: true }).last().selectOption('globex');
    await page.getByLabel('Password (12+ characters)').fill('another long passphrase');
    await page.getByRole('button', { name: 'Create user' }).click();
    await expect(page.getByRole('status').textContent()).resolves.toContain('carl@globex.example');
    expect((await stack.portico.store.findOAuthUserByEmail('carl@globex.example'))?.tenantId).toBe('globex');

    const secret = `s3cret-${Math.random().toString(36).slice(2)}`;
    await page.getByLabel('System').fill('flowhub-extra');
    await page.getByLabel('Secret value').fill(secret);
    await page.getByRole('button', { name: 'Set upstream secret' }).click();
    await expect(page.getByRole('status').textContent()).resolves.toContain('never shown');
    expect(await page.content()).not.toContain(secret);
    await expect(stack.portico.security.secrets.get('acme', 'flowhub-extra')).resolves.toBe(secret);

    // Disabling a user ends their console session at once.
    const carl = await pageFor('carl@globex.example');
    await page.reload();
    await page.getByRole('button', { name: 'Disable carl@globex.example' }).click();
    await expect(page.getByRole('status').textContent()).resolves.toContain('disabled');
    await carl.reload();
    expect(new URL(carl.url()).pathname).toBe('/console/sign-in');
  });

  it('works without JavaScript: sign in, create a token, revoke it', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    contexts.push(context);
    const page = await context.newPage();
    await signIn(page, base, 'bob@acme.example', PASSWORD);
    await nav(page).getByRole('link', { name: 'Tokens' }).click();
    await page.getByRole('button', { name: 'New token' }).click();
    await page.getByLabel('Label').fill('no-js');
    await page.getByRole('button', { name: 'Create' }).click();
    await expect(page.locator('#new-secret').textContent()).resolves.toMatch(/^mcp_/);
    await nav(page).getByRole('link', { name: 'Tokens' }).click();
    await page
      .getByRole('row')
      .filter({ hasText: 'no-js' })
      .getByRole('button', { name: /Revoke/ })
      .click();
    await page.getByRole('button', { name: 'Yes, revoke' }).click();
    await expect(page.getByRole('status').textContent()).resolves.toContain('no-js revoked');
    // Keyboard: the tool search is reachable and submits with Enter.
    await nav(page).getByRole('link', { name: 'Tools' }).click();
    await page.getByLabel('Search tools').focus();
    await page.keyboard.type('get_flow');
    await page.keyboard.press('Enter');
    await page.waitForURL(/q=get_flow/);
    await expect(
      page.locator('#tool-results tbody tr').first().getByRole('link').textContent(),
    ).resolves.toBe('get_flow');
  });

  it('signs out: the old cookie no longer opens a page', async () => {
    const page = await pageFor('bob@acme.example');
    const [cookie] = await page.context().cookies(base);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page.getByRole('status').textContent()).resolves.toContain('signed out');
    // Even a copy of the old cookie is dead.
    const replay = await fetch(`${base}/console/tokens`, {
      headers: { cookie: `${cookie!.name}=${cookie!.value}` },
      redirect: 'manual',
    });
    expect(replay.status).toBe(303);
    expect(replay.headers.get('location')).toContain('/console/sign-in');
  });
});
