import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeOpenApiBench } from '../../bench/openapi-document.js';
import { OAuthUsers } from '../../src/oauth/index.js';
import type { PorticoInstance } from '../../src/runtime/index.js';
import { hasChromium, launchChromium } from '../support/browser.js';
import { hasNginx, hasOpenssl, startTlsProxy } from '../support/nginx.js';
import { startTestPortico } from '../support/portico.js';
import { signIn } from './helpers.js';

const PASSWORD = 'correct horse battery staple';

describe.skipIf(!hasChromium() || !hasNginx() || !hasOpenssl())(
  'console behind an nginx TLS terminator',
  () => {
    let portico: PorticoInstance;
    let proxy: Awaited<ReturnType<typeof startTlsProxy>>;
    let browser: Browser;

    beforeAll(async () => {
      portico = await startTestPortico(writeOpenApiBench(5), {}, { noAuth: false });
      await portico.security.access.createTenant({ id: 'acme' });
      await new OAuthUsers(portico.store).create({
        tenantId: 'acme',
        email: 'ada@acme.test',
        password: PASSWORD,
      });
      proxy = await startTlsProxy(portico.url);
      browser = await launchChromium();
    });
    afterAll(async () => {
      await browser?.close();
      await proxy?.close();
      await portico?.close();
    });

    it('sets a Secure, __Host- session cookie over https, and forms pass the Origin check', async () => {
      const context = await browser.newContext({ ignoreHTTPSErrors: true });
      try {
        const page = await context.newPage();
        await signIn(page, proxy.url, 'ada@acme.test', PASSWORD);
        expect(new URL(page.url()).pathname).toBe('/console/mcp-server');
        const [cookie] = await context.cookies(proxy.url);
        expect(cookie).toMatchObject({
          name: '__Host-portico_console',
          secure: true,
          httpOnly: true,
          sameSite: 'Lax',
          path: '/',
        });
        // A state-changing form through the proxy: create a token.
        await page.goto(`${proxy.url}/console/tokens/new`);
        await page.getByLabel('Label').fill('behind-proxy');
        await page.getByRole('button', { name: 'Create' }).click();
        await expect(page.locator('#new-secret').textContent()).resolves.toMatch(/^mcp_/);
        // The endpoint shown is the https one the browser used.
        await expect(page.locator('#setup-cursor').textContent()).resolves.toContain(`${proxy.url}/mcp`);
      } finally {
        await context.close();
      }
    });
  },
);
