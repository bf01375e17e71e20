import { randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import { s256 } from '../../src/oauth/index.js';
import { MCP_HEADERS, rpc } from '../support/mcp-post.js';

/** A PKCE pair. */
export function pkce(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: s256(verifier) };
}

/** The signed `request` field of a sign-in or consent page. */
export function formRequest(html: string): string {
  const m = /name="request" value="([^"]+)"/.exec(html);
  expect(m, 'the page has a signed request field').not.toBeNull();
  return m![1]!;
}

/** POST an HTML form (as a browser would, same origin). */
export function postForm(url: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
  return fetch(url, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(fields).toString(),
  });
}

/**
 * Play the user in a browser: open the authorization URL, sign in, then approve (or deny) on the
 * consent page. Returns the redirect back to the client (the callback URL).
 */
export async function signInAndConsent(
  authUrl: URL | string,
  user: { email: string; password: string },
  decision: 'approve' | 'deny' = 'approve',
): Promise<URL> {
  const url = new URL(String(authUrl));
  const page = await fetch(url, { redirect: 'manual' });
  expect(page.status).toBe(200);
  const signIn = await page.text();
  expect(signIn).toContain('Sign in to Portico');
  const action = `${url.origin}/oauth/authorize`;
  const consent = await postForm(
    action,
    { request: formRequest(signIn), step: 'signin', email: user.email, password: user.password },
    { origin: url.origin },
  );
  expect(consent.status).toBe(200);
  const consentHtml = await consent.text();
  expect(consentHtml).toContain('Allow access?');
  const done = await postForm(
    action,
    { request: formRequest(consentHtml), step: 'consent', decision },
    { origin: url.origin },
  );
  expect(done.status).toBe(303);
  return new URL(done.headers.get('location')!);
}

/** POST to the token endpoint (form-encoded). */
export async function tokenRequest(base: string, fields: Record<string, string>) {
  const res = await postForm(`${base}/oauth/token`, fields);
  return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, unknown> };
}

/** A raw tools/list POST to an MCP endpoint with a bearer (status only matters to callers). */
export function mcpList(url: string, bearer: string): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { ...MCP_HEADERS, authorization: `Bearer ${bearer}` },
    body: rpc('tools/list'),
  });
}
