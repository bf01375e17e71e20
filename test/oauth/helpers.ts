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

/** POST a form-encoded body as a non-browser client does (no `Origin`, no `Sec-Fetch-*`). */
export function postForm(url: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
  return fetch(url, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(fields).toString(),
  });
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
