import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PorticoInstance } from '../../src/runtime/index.js';
import { hasChromium, launchChromium } from '../support/browser.js';
import { startTestPortico } from '../support/portico.js';
import { answerConsent, expectHeading, fillSignIn } from '../support/sign-in.js';
import { formRequest, pkce } from './helpers.js';

const CONFIG = join(import.meta.dirname, '..', 'fixtures', 'oauth.yaml');
const ADA = { email: 'ada@acme.test', password: 'correct horse battery staple' };
/** Nothing listens here: the browser's last navigation fails, and its URL is what the test reads. */
const REDIRECT = 'http://127.0.0.1:9/callback';
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/**
 * The sign-in, consent and error pages in real Chromium, used by a person (labels, roles, clicks),
 * plus what Chromium itself sends when another site posts to them.
 */
describe.skipIf(!hasChromium())('sign-in and consent pages in Chromium', () => {
  let portico: PorticoInstance;
  let base: string;
  let browser: Browser;
  let clientId: string;
  let attacker: Server;
  let attackerPort: number;
  let attackerPage = '';

  beforeAll(async () => {
    portico = await startTestPortico(CONFIG, {}, { noAuth: false });
    base = portico.url;
    await portico.security.access.createTenant({ id: 'acme', name: 'Acme' });
    await portico.security.oauth!.users!.create({ tenantId: 'acme', ...ADA });
    const res = await fetch(`${base}/oauth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        client_name: 'Pages Test Client',
        redirect_uris: [REDIRECT],
        token_endpoint_auth_method: 'none',
      }),
    });
    clientId = ((await res.json()) as { client_id: string }).client_id;
    attacker = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' }).end(attackerPage);
    });
    await new Promise<void>((r) => attacker.listen(0, '127.0.0.1', r));
    attackerPort = (attacker.address() as AddressInfo).port;
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await portico?.close();
    await new Promise((r) => attacker?.close(r));
  });

  function authorizeUrl(extra: Record<string, string> = {}): string {
    return `${base}/oauth/authorize?${new URLSearchParams({
      response_type: 'code',
      client_id: clientId,
      redirect_uri: REDIRECT,
      code_challenge: pkce().challenge,
      code_challenge_method: 'S256',
      state: 'st',
      ...extra,
    })}`;
  }

  /** A page in a fresh context (axe-core is injected, so the pages' own CSP is bypassed there). */
  async function freshPage(): Promise<Page> {
    const context = await browser.newContext({ bypassCSP: true });
    return context.newPage();
  }

  async function axeViolations(page: Page): Promise<string[]> {
    await page.addScriptTag({ path: AXE });
    const found = await page.evaluate(async () => {
      const axe = (
        window as unknown as { axe: { run(): Promise<{ violations: { id: string; help: string }[] }> } }
      ).axe;
      return (await axe.run()).violations.map((v) => `${v.id}: ${v.help}`);
    });
    return found;
  }

  it('a wrong password shows an alert on the sign-in page; the right one leads to consent', async () => {
    const page = await freshPage();
    await page.goto(authorizeUrl());
    await expectHeading(page, 'Sign in to Portico');
    expect(await axeViolations(page)).toEqual([]);
    await fillSignIn(page, { email: ADA.email, password: 'not the password' });
    await expectHeading(page, 'Sign in to Portico');
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Wrong email or password');
    expect(await page.getByLabel('Email').inputValue()).toBe(ADA.email);
    await fillSignIn(page, ADA);
    await expectHeading(page, 'Allow access?');
    await page.context().close();
  });

  it('the consent page: a checkbox per scope, Allow is the primary action, a self-chosen name is marked unverified', async () => {
    const page = await freshPage();
    await page.goto(authorizeUrl({ scope: 'mcp.tools.discovery mcp.tools.invoke mcp.tools.write' }));
    await fillSignIn(page, ADA);
    await expectHeading(page, 'Allow access?');
    expect(await axeViolations(page)).toEqual([]);
    for (const s of ['mcp.tools.discovery', 'mcp.tools.invoke', 'mcp.tools.write']) {
      expect(await page.getByRole('checkbox', { name: s }).isChecked()).toBe(true);
    }
    expect(await page.getByText('unverified').isVisible()).toBe(true);
    const style = (name: string) =>
      page.getByRole('button', { name }).evaluate((el) => {
        const s = getComputedStyle(el);
        return { background: s.backgroundColor, color: s.color, weight: s.fontWeight };
      });
    const allow = await style('Allow');
    const deny = await style('Deny');
    expect(allow.background).not.toBe(deny.background);
    expect(allow.color).toBe('rgb(255, 255, 255)');
    expect(Number(allow.weight)).toBeGreaterThan(Number(deny.weight));
    // Allow comes first: it is the button Enter submits and the first one tabbed to.
    const order = await page.getByRole('button').allInnerTexts();
    expect(order).toEqual(['Allow', 'Deny']);
    await page.getByRole('checkbox', { name: 'mcp.tools.write' }).uncheck();
    const back = await answerConsent(page, base, { ...ADA });
    expect(back.searchParams.get('code')).toBeTruthy();
    const grants = await portico.store.listOAuthGrants({}); // newest first
    expect(grants[0]!.scopes).toEqual(['mcp.tools.discovery', 'mcp.tools.invoke']);
    await page.context().close();
  });

  it('Deny sends access_denied back to the application', async () => {
    const page = await freshPage();
    await page.goto(authorizeUrl());
    await fillSignIn(page, ADA);
    const back = await answerConsent(page, base, { ...ADA, decision: 'deny' });
    expect(back.searchParams.get('error')).toBe('access_denied');
    expect(back.searchParams.get('code')).toBeNull();
    await page.context().close();
  });

  it('consent is single-use: submitting the same consent form twice (shift-click opens each in a window) mints one code', async () => {
    const page = await freshPage();
    await page.goto(authorizeUrl());
    await fillSignIn(page, ADA);
    await expectHeading(page, 'Allow access?');
    const before = (await portico.store.listOAuthGrants({})).length;
    // Every navigation back to the application, in any window of this browser context.
    const codes: string[] = [];
    page.context().on('request', (r) => {
      if (r.isNavigationRequest() && r.url().startsWith(REDIRECT))
        codes.push(new URL(r.url()).searchParams.get('code') ?? '');
    });
    const opened: Page[] = [];
    for (let i = 0; i < 2; i++) {
      const popup = page.context().waitForEvent('page');
      await page.getByRole('button', { name: 'Allow' }).click({ modifiers: ['Shift'] });
      opened.push(await popup);
    }
    await expect.poll(() => codes.length).toBe(1);
    expect(codes[0]).toMatch(/.{20,}/);
    // The other window shows why nothing happened (whichever of the two posts lost).
    const answered = () =>
      Promise.all(
        opened.map((p) =>
          p
            .getByRole('heading', { name: 'Already answered' })
            .count()
            .catch(() => 0),
        ),
      ).then((n) => n.reduce((a, b) => a + b, 0));
    await expect.poll(answered).toBe(1);
    expect((await portico.store.listOAuthGrants({})).length).toBe(before + 1);
    await page.context().close();
  });

  it('error pages: an unknown application, and a form altered in the page', async () => {
    const page = await freshPage();
    await page.goto(authorizeUrl({ client_id: 'cli_nobody' }));
    await expectHeading(page, 'Cannot sign in');
    expect(await page.getByText('Unknown application').isVisible()).toBe(true);
    expect(await axeViolations(page)).toEqual([]);
    await page.goto(authorizeUrl());
    await page.locator('input[name="request"]').evaluate((el) => {
      (el as HTMLInputElement).value += 'x';
    });
    await fillSignIn(page, ADA);
    await expectHeading(page, 'Sign-in expired');
    await page.context().close();
  });

  it('an account disabled between sign-in and Allow gets a page saying so, and no code', async () => {
    const users = portico.security.oauth!.users!;
    await users.create({ tenantId: 'acme', email: 'bob@acme.test', password: 'another long passphrase' });
    const page = await freshPage();
    await page.goto(authorizeUrl());
    await fillSignIn(page, { email: 'bob@acme.test', password: 'another long passphrase' });
    await expectHeading(page, 'Allow access?');
    await users.setDisabled('bob@acme.test', true);
    await page.getByRole('button', { name: 'Allow' }).click();
    await expectHeading(page, 'Cannot sign in');
    expect(await page.getByText('This account is disabled.').isVisible()).toBe(true);
    expect(page.url().startsWith(REDIRECT)).toBe(false);
    await page.context().close();
  });

  /** Another site's page that auto-submits the sign-in form (valid request token, right password). */
  async function autoSubmitFrom(
    attackerOrigin: string,
  ): Promise<{ page: Page; sent: Record<string, string> }> {
    const signIn = await (await fetch(authorizeUrl())).text();
    const fields = { request: formRequest(signIn), step: 'signin', email: ADA.email, password: ADA.password };
    attackerPage = `<!doctype html><html><body><form method="post" action="${base}/oauth/authorize">${Object.entries(
      fields,
    )
      .map(([k, v]) => `<input type="hidden" name="${k}" value="${v.replace(/"/g, '&quot;')}">`)
      .join('')}</form><script>document.forms[0].submit()</script></body></html>`;
    const page = await freshPage();
    const posted = page.waitForResponse(
      (r) => r.url() === `${base}/oauth/authorize` && r.request().method() === 'POST',
    );
    await page.goto(`${attackerOrigin}/`);
    const res = await posted;
    expect(res.status()).toBe(403);
    return { page, sent: await res.request().allHeaders() };
  }

  it('a cross-site page auto-submitting the form is refused (Chromium sends Sec-Fetch-Site: cross-site)', async () => {
    const { page, sent } = await autoSubmitFrom(`http://localhost:${attackerPort}`);
    expect(sent['sec-fetch-site']).toBe('cross-site');
    expect(sent.origin).toBe(`http://localhost:${attackerPort}`);
    await expectHeading(page, 'Cannot sign in');
    expect(await page.getByText('posted from another site').isVisible()).toBe(true);
    expect(await page.getByRole('heading', { name: 'Allow access?' }).count()).toBe(0);
    await page.context().close();
  });

  it('so is a same-site page on another port (another origin)', async () => {
    const { page, sent } = await autoSubmitFrom(`http://127.0.0.1:${attackerPort}`);
    expect(sent['sec-fetch-site']).toBe('same-site');
    await expectHeading(page, 'Cannot sign in');
    await page.context().close();
  });
});
