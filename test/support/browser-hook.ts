import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * What a desktop's "open this URL in the browser" does, for tests: a `BROWSER` script (honoured by
 * xdg-open, which the `open` package runs on Linux) that hands each URL a client opens to the test
 * over loopback HTTP, so the test can load it in its playwright-driven Chromium.
 */
export interface BrowserHook {
  /** Environment for the client process: `BROWSER` pointing at the script. */
  env: Record<string, string>;
  /** The next URL the client opened (waits for it; fails after `timeoutMs`). */
  next(timeoutMs?: number): Promise<string>;
  /** How many URLs were opened so far. */
  readonly opened: number;
  close(): Promise<void>;
}

/** Start the loopback receiver and write the `BROWSER` script that posts URLs to it. */
export async function startBrowserHook(): Promise<BrowserHook> {
  const urls: string[] = [];
  const waiters: ((url: string) => void)[] = [];
  let opened = 0;
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => {
      body += d.toString();
    });
    req.on('end', () => {
      opened++;
      res.end('ok');
      const waiter = waiters.shift();
      if (waiter) waiter(body);
      else urls.push(body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const hookUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/open`;
  const dir = mkdtempSync(join(tmpdir(), 'portico-browser-hook-'));
  const script = join(dir, 'browser.mjs');
  writeFileSync(
    script,
    `#!${process.execPath}\nawait fetch(${JSON.stringify(hookUrl)}, { method: 'POST', body: process.argv[2] });\n`,
  );
  chmodSync(script, 0o755);
  return {
    env: { BROWSER: script },
    get opened() {
      return opened;
    },
    next(timeoutMs = 30_000) {
      const ready = urls.shift();
      if (ready !== undefined) return Promise.resolve(ready);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`no browser was opened within ${timeoutMs} ms`)),
          timeoutMs,
        );
        waiters.push((url) => {
          clearTimeout(timer);
          resolve(url);
        });
      });
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
