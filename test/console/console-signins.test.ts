import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OAuthUsers } from '../../src/oauth/index.js';
import { startOAuthStack } from '../bridge/oauth-support.js';
import { mcpList, pkce, tokenRequest } from '../oauth/helpers.js';
import { hasChromium, launchChromium } from '../support/browser.js';
import type { FlowHubStack } from '../support/portico.js';
import { signInWithBrowser } from '../support/sign-in.js';
import { expectAccessible, signIn } from './helpers.js';

const REDIRECT = 'http://127.0.0.1:9/callback';

describe.skipIf(!hasChromium())('console Sign-ins: revoke an OAuth grant in Chromium', () => {
  let stack: FlowHubStack & { password: string };
  let browser: Browser;

  beforeAll(async () => {
    stack = await startOAuthStack('10m');
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  /** A real authorization-code flow (DCR, PKCE, sign-in and consent in the browser) → an access token. */
  async function oauthAccessToken(): Promise<string> {
    const base = stack.portico.url;
    const reg = await fetch(`${base}/oauth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        client_name: 'Inspector Gadget',
        redirect_uris: [REDIRECT],
        token_endpoint_auth_method: 'none',
      }),
    });
    const clientId = ((await reg.json()) as { client_id: string }).client_id;
    const { verifier, challenge } = pkce();
    const auth = new URL(`${base}/oauth/authorize`);
    const resource = stack.portico.mcpUrl;
    for (const [k, v] of Object.entries({
      response_type: 'code',
      client_id: clientId,
      redirect_uri: REDIRECT,
      code_challenge: challenge,
      code_challenge_method: 'S256',
      state: 's',
      resource,
    })) {
      auth.searchParams.set(k, v);
    }
    // The user signs in and approves in Chromium, on Portico's own pages.
    const callback = await signInWithBrowser(browser, auth, {
      email: 'ada@acme.example',
      password: stack.password,
    });
    const token = await tokenRequest(base, {
      grant_type: 'authorization_code',
      code: callback.searchParams.get('code')!,
      redirect_uri: REDIRECT,
      code_verifier: verifier,
      client_id: clientId,
      resource,
    });
    expect(token.status).toBe(200);
    return token.body.access_token as string;
  }

  it('lists the client the user approved and revokes it: the next call is refused', async () => {
    const access = await oauthAccessToken();
    expect((await mcpList(stack.portico.mcpUrl, access)).status).toBe(200);

    // Another member of the tenant sees nothing of it and cannot revoke it by a crafted URL or post.
    const [grant] = await stack.portico.store.listOAuthGrants({ tenantId: 'acme' });
    await new OAuthUsers(stack.portico.store).create({
      tenantId: 'acme',
      email: 'bob@acme.example',
      password: stack.password,
    });
    const other = await browser.newContext();
    try {
      const page = await other.newPage();
      await signIn(page, stack.portico.url, 'bob@acme.example', stack.password);
      await page.goto(`${stack.portico.url}/console/sign-ins`);
      await expect(page.getByText('Inspector Gadget').count()).resolves.toBe(0);
      expect((await page.goto(`${stack.portico.url}/console/sign-ins/${grant!.id}/revoke`))?.status()).toBe(
        404,
      );
      const csrf = await page.locator('input[name=_csrf]').first().inputValue();
      const post = await page.request.post(`${stack.portico.url}/console/sign-ins/${grant!.id}/revoke`, {
        form: { _csrf: csrf },
        maxRedirects: 0,
      });
      expect(post.status()).toBe(404);
    } finally {
      await other.close();
    }
    expect((await mcpList(stack.portico.mcpUrl, access)).status).toBe(200);

    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await signIn(page, stack.portico.url, 'ada@acme.example', stack.password);
      await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Sign-ins' }).click();
      const row = page.getByRole('row').filter({ hasText: 'Inspector Gadget' });
      await expect(row.count()).resolves.toBe(1);
      await expectAccessible(page);
      if (process.env.PORTICO_CONSOLE_SCREENSHOTS === '1') {
        await page.screenshot({ path: 'docs/console/sign-ins.png', fullPage: true });
      }
      await row.getByRole('button', { name: /Revoke/ }).click();
      await page.getByRole('button', { name: 'Yes, revoke' }).click();
      await expect(page.getByRole('status').textContent()).resolves.toContain('Inspector Gadget');
      expect((await mcpList(stack.portico.mcpUrl, access)).status).toBe(401);
    } finally {
      await context.close();
    }
  });
});
