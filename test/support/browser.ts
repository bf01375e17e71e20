import { existsSync } from 'node:fs';
import { type Browser, type BrowserContext, chromium } from 'playwright-core';

/** Flags that work for headless Chromium on these machines (no sandbox as root, closed network). */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/**
 * The Chromium executable the browser tests drive: `PORTICO_CHROMIUM` (any Chromium-based
 * browser), else Debian's `/usr/bin/chromium`; `undefined` when neither exists.
 */
export function chromiumPath(): string | undefined {
  const fromEnv = process.env.PORTICO_CHROMIUM;
  if (fromEnv) return existsSync(fromEnv) ? fromEnv : undefined;
  for (const candidate of ['/usr/bin/chromium', '/usr/bin/chromium-browser']) {
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

/** Why browser tests are skipped on this machine, or `undefined` when Chromium is there. */
export function browserSkipReason(): string | undefined {
  if (chromiumPath()) return undefined;
  if (process.env.CI) {
    throw new Error(
      'CI must run the browser tests, but no Chromium was found: .ci/run installs it with `apt-get install -y chromium`.',
    );
  }
  return 'browser tests skipped: no Chromium found — install it with `apt-get install -y chromium`, or set PORTICO_CHROMIUM=/path/to/chrome for another Chromium-based browser';
}

let warned = false;

/** `true` when the browser tests can run; logs the skip reason once otherwise. */
export function hasChromium(): boolean {
  const reason = browserSkipReason();
  if (reason && !warned) {
    warned = true;
    process.stderr.write(`${reason}\n`);
  }
  return reason === undefined;
}

/** Launch headless Chromium with a fresh profile. Close it in `afterAll`. */
export async function launchChromium(): Promise<Browser> {
  const executablePath = chromiumPath();
  if (!executablePath) throw new Error(browserSkipReason() ?? 'no Chromium');
  return chromium.launch({
    executablePath,
    headless: true,
    args: CHROMIUM_ARGS,
  });
}

/** A fresh browser context (own cookies) on a launched browser. */
export function newContext(browser: Browser): Promise<BrowserContext> {
  return browser.newContext();
}
