import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BridgeError } from './errors.js';

/** What the authorization server sent back to the loopback redirect. */
export interface CallbackResult {
  code: string;
  /** RFC 9207 `iss`, when sent. */
  iss?: string;
}

/** A loopback HTTP server (127.0.0.1) waiting for one OAuth redirect. */
export interface CallbackServer {
  /** The redirect URI to register and send: `http://127.0.0.1:<port>/callback`. */
  redirectUri: string;
  /**
   * Resolve with the code once a redirect with the expected `state` (and a valid `iss`) arrives;
   * reject on an error response, a state/issuer mismatch or the timeout.
   */
  wait(check: {
    state: string;
    validateIss: (iss: string | undefined) => void;
    timeoutMs: number;
  }): Promise<CallbackResult>;
  close(): Promise<void>;
}

function page(title: string, body: string): string {
  const esc = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<!doctype html><html><head><meta charset="utf-8"><title>${esc(title)}</title></head><body style="font-family:system-ui,sans-serif;max-width:36em;margin:4em auto"><h1>${esc(title)}</h1><p>${esc(body)}</p></body></html>`;
}

/** Start the loopback callback server on 127.0.0.1 (`port` 0: a free port). */
export async function startCallbackServer(port = 0): Promise<CallbackServer> {
  let onRequest: ((url: URL) => { status: number; title: string; body: string }) | undefined;
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== '/callback' || onRequest === undefined) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
      return;
    }
    const answer = onRequest(url);
    res
      .writeHead(answer.status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' })
      .end(page(answer.title, answer.body));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(
        new BridgeError(
          'network',
          `Cannot listen on 127.0.0.1:${port} for the sign-in redirect (${err.code ?? err.message}). ` +
            'Choose another port with --callback-port, or omit it to use a free one.',
        ),
      ),
    );
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const actual = (server.address() as AddressInfo).port;
  return {
    redirectUri: `http://127.0.0.1:${actual}/callback`,
    wait: ({ state, validateIss, timeoutMs }) =>
      new Promise<CallbackResult>((resolve, reject) => {
        const timer = setTimeout(() => {
          onRequest = undefined;
          reject(
            new BridgeError(
              'timeout',
              `No sign-in completed within ${Math.round(timeoutMs / 1000)} s. Run portico login again and finish signing in in the browser.`,
            ),
          );
        }, timeoutMs);
        const finish = (fn: () => void) => {
          clearTimeout(timer);
          onRequest = undefined;
          fn();
        };
        onRequest = (url) => {
          const q = url.searchParams;
          if (q.get('state') !== state) {
            finish(() =>
              reject(
                new BridgeError(
                  'auth',
                  'The sign-in redirect carried the wrong state (a stale tab or a forged request). Nothing was saved; run portico login again.',
                ),
              ),
            );
            return {
              status: 400,
              title: 'Sign-in rejected',
              body: 'This response does not belong to the sign-in that portico started (state mismatch). Run portico login again.',
            };
          }
          const iss = q.get('iss') ?? undefined;
          try {
            validateIss(iss);
          } catch (err) {
            finish(() =>
              reject(
                new BridgeError(
                  'auth',
                  `The sign-in redirect came from an unexpected authorization server (iss ${iss ?? 'missing'}): ${(err as Error).message}. Nothing was saved.`,
                ),
              ),
            );
            return {
              status: 400,
              title: 'Sign-in rejected',
              body: 'The response came from a different authorization server than the one portico asked (issuer mismatch). Nothing was saved.',
            };
          }
          const error = q.get('error');
          if (error !== null) {
            const description = q.get('error_description');
            finish(() =>
              reject(
                new BridgeError(
                  'auth',
                  `Sign-in was not completed: ${error}${description !== null ? ` (${description})` : ''}.`,
                ),
              ),
            );
            return {
              status: 400,
              title: 'Sign-in not completed',
              body: `The authorization server answered: ${error}${description !== null ? ` — ${description}` : ''}. You can close this tab.`,
            };
          }
          const code = q.get('code');
          if (code === null || code === '') {
            finish(() =>
              reject(new BridgeError('auth', 'The sign-in redirect carried no authorization code.')),
            );
            return { status: 400, title: 'Sign-in failed', body: 'No authorization code was received.' };
          }
          finish(() => resolve(iss !== undefined ? { code, iss } : { code }));
          return {
            status: 200,
            title: 'Signed in to Portico',
            body: 'You can close this tab and return to your terminal.',
          };
        };
      }),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
