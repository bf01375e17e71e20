import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeOpenApiBench } from '../../bench/openapi-document.js';
import { OAuthUsers } from '../../src/oauth/index.js';
import type { PorticoInstance } from '../../src/runtime/index.js';
import { hasChromium, launchChromium } from '../support/browser.js';
import { startTestPortico } from '../support/portico.js';
import { signIn } from './helpers.js';

const PASSWORD = 'correct horse battery staple';

describe.skipIf(!hasChromium())('console tool picker over a 10,000-tool catalogue', () => {
  let portico: PorticoInstance;
  let browser: Browser;

  beforeAll(async () => {
    portico = await startTestPortico(writeOpenApiBench(10_000), {}, { noAuth: false });
    await portico.security.access.createTenant({ id: 'acme' });
    await new OAuthUsers(portico.store).create({
      tenantId: 'acme',
      email: 'ada@acme.test',
      password: PASSWORD,
    });
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await portico?.close();
  });

  it('pages, filters by source and finds one tool by search as you type', async () => {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await signIn(page, portico.url, 'ada@acme.test', PASSWORD);
      await page.goto(`${portico.url}/console/tools`);
      const status = page.locator('#tool-results [role=status]');
      await expect(status.textContent()).resolves.toMatch(/^10001 tools · page 1 of 201/);
      await expect(page.locator('#tool-results tbody tr').count()).resolves.toBe(50);
      await page.getByRole('link', { name: 'Next page' }).click();
      await expect(status.textContent()).resolves.toContain('page 2 of 201');

      await page.getByLabel('Source').selectOption({ label: 'Built-in' });
      await page.waitForFunction(() =>
        document.querySelector('#tool-results [role=status]')?.textContent?.startsWith('1 tool'),
      );
      await page.getByLabel('Source').selectOption({ label: 'OpenAPI' });
      await page.getByLabel('Search tools').pressSequentially('get_resource_4242', { delay: 10 });
      await page.waitForFunction(() =>
        document
          .querySelector('#tool-results [role=status]')
          ?.textContent?.includes('match "get_resource_4242"'),
      );
      const first = await page.locator('#tool-results tbody tr').first().getByRole('link').textContent();
      expect(first).toBe('get_resource_4242');
      const names = await page.locator('#tool-results tbody tr td:first-child').allTextContents();
      expect(new Set(names).size).toBe(names.length); // no duplicates
    } finally {
      await context.close();
    }
  });
});
