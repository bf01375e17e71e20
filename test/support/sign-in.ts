import type { Browser, Page } from 'playwright-core';
import { expect } from 'vitest';

/** A person signing in: who, and what they answer on the consent page. */
export interface BrowserSignIn {
  email: string;
  password: string;
  /** `approve` (default) clicks Allow, `deny` clicks Deny. */
  decision?: 'approve' | 'deny';
  /** Scopes to untick on the consent page before answering. */
  untick?: string[];
  /** Scopes that must be offered (as checkboxes) on the consent page. */
  expectScopes?: string[];
  /** Look at the page the application's callback answered with (before the browser closes). */
  onCallbackPage?: (page: Page) => Promise<void>;
}

/** Wait for the page to show `name` as its heading; fails with what the page shows instead. */
export async function expectHeading(page: Page, name: string): Promise<void> {
  try {
    await page.getByRole('heading', { name, exact: true }).waitFor({ timeout: 10_000 });
  } catch {
    const shown = await page
      .locator('body')
      .textContent()
      .catch(() => '(no page)');
    throw new Error(
      `expected the page "${name}" at ${page.url()}, but it shows:\n${(shown ?? '').slice(0, 1000)}`,
    );
  }
}

/** Fill and submit the sign-in page the way a person does (labels and button names). */
export async function fillSignIn(page: Page, user: { email: string; password: string }): Promise<void> {
  await page.getByLabel('Email').fill(user.email);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/**
 * Answer the consent page: check the offered scopes, untick some, then Allow or Deny; resolves with
 * the URL the browser was sent to next (the client's redirect URI), once that navigation ended
 * (answered by the client's callback server, or failed because nothing listens there).
 */
export async function answerConsent(page: Page, gatewayOrigin: string, who: BrowserSignIn): Promise<URL> {
  await expectHeading(page, 'Allow access?');
  for (const s of who.expectScopes ?? []) {
    expect(await page.getByRole('checkbox', { name: s }).isChecked(), `${s} offered and ticked`).toBe(true);
  }
  for (const s of who.untick ?? []) await page.getByRole('checkbox', { name: s }).uncheck();
  const leaving = page.waitForRequest(
    (r) => r.isNavigationRequest() && new URL(r.url()).origin !== gatewayOrigin,
  );
  await page
    .getByRole('button', { name: (who.decision ?? 'approve') === 'approve' ? 'Allow' : 'Deny' })
    .click();
  const request = await leaving;
  const answered = await request.response().catch(() => null);
  if (who.onCallbackPage !== undefined) {
    expect(answered, 'the application answered its callback').not.toBeNull();
    await page.waitForLoadState('domcontentloaded');
    await who.onCallbackPage(page);
  }
  return new URL(request.url());
}

/**
 * Play the user in real Chromium: open the authorization URL in a fresh context, sign in, answer
 * the consent page. Returns the redirect back to the client (code, state, iss — or an error).
 */
export async function signInWithBrowser(
  browser: Browser,
  authUrl: string | URL,
  who: BrowserSignIn,
): Promise<URL> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const url = new URL(String(authUrl));
    await page.goto(url.toString());
    await expectHeading(page, 'Sign in to Portico');
    await fillSignIn(page, who);
    return await answerConsent(page, url.origin, who);
  } finally {
    await context.close();
  }
}
