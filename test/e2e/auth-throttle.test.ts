import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOAuthStack } from '../bridge/oauth-support.js';
import { formRequest, mcpList, pkce, postForm, tokenRequest } from '../oauth/helpers.js';
import type { FlowHubStack } from '../support/portico.js';

// Issue 10 item 4: the failed-authentication throttle stops guessing, not an office behind one
// address. Default limits (20 failures/min per address, 5 failed sign-ins per account).

const REDIRECT = 'http://127.0.0.1:9/callback';
type Stack = FlowHubStack & { password: string };

async function register(base: string): Promise<string> {
  const res = await fetch(`${base}/oauth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      client_name: 'Throttle test',
      redirect_uris: [REDIRECT],
      token_endpoint_auth_method: 'none',
    }),
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { client_id: string }).client_id;
}

/** An authorization request: its signed sign-in form field and the PKCE verifier. */
async function authorization(stack: Stack, clientId: string) {
  const { verifier, challenge } = pkce();
  const auth = new URL(`${stack.portico.url}/oauth/authorize`);
  for (const [k, v] of Object.entries({
    response_type: 'code',
    client_id: clientId,
    redirect_uri: REDIRECT,
    code_challenge: challenge,
    code_challenge_method: 'S256',
    resource: stack.portico.mcpUrl,
  })) {
    auth.searchParams.set(k, v);
  }
  const page = await fetch(auth);
  expect(page.status).toBe(200);
  return { request: formRequest(await page.text()), verifier };
}

const signIn = (stack: Stack, request: string, email: string, password: string) =>
  postForm(`${stack.portico.url}/oauth/authorize`, { request, step: 'signin', email, password });

/** Sign in with the right password, approve, and exchange the code: the access token. */
async function completeSignIn(stack: Stack, clientId: string, request: string, verifier: string) {
  const consent = await signIn(stack, request, 'ada@acme.example', stack.password);
  expect(consent.status).toBe(200);
  const done = await postForm(`${stack.portico.url}/oauth/authorize`, {
    request: formRequest(await consent.text()),
    step: 'consent',
    decision: 'approve',
  });
  expect(done.status).toBe(303);
  const code = new URL(done.headers.get('location') ?? '').searchParams.get('code') ?? '';
  const t = await tokenRequest(stack.portico.url, {
    grant_type: 'authorization_code',
    code,
    redirect_uri: REDIRECT,
    client_id: clientId,
    code_verifier: verifier,
    resource: stack.portico.mcpUrl,
  });
  expect(t.status).toBe(200);
  return t.body.access_token as string;
}

describe('an office behind one address', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startOAuthStack('5m');
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('15 wrong passwords + 5 bad tokens, then the right password and a valid OAuth token still work', async () => {
    const clientId = await register(stack.portico.url);
    const { request, verifier } = await authorization(stack, clientId);
    // Colleagues mistyping: Ada 4 times, Bob and Carol 5 times each, one unknown address once.
    const typos = [
      ...Array<string>(4).fill('ada@acme.example'),
      ...Array<string>(5).fill('bob@acme.example'),
      ...Array<string>(5).fill('carol@acme.example'),
      'dave@acme.example',
    ];
    for (const email of typos) {
      expect((await signIn(stack, request, email, 'not the password')).status).toBe(401);
    }
    // Five bad bearer tokens: the 20th failure from this address uses up 20/min.
    const bad: number[] = [];
    for (let i = 0; i < 5; i++)
      bad.push((await mcpList(stack.portico.mcpUrl, `eyJub3QiOiJhIHRva2VuIn0.${i}.x`)).status);
    expect(bad).toEqual([401, 401, 401, 401, 429]);

    // The right password is not refused by the address throttle …
    const access = await completeSignIn(stack, clientId, request, verifier);
    // … and neither is a valid OAuth access token, nor a valid mcp_ token.
    expect((await mcpList(stack.portico.mcpUrl, access)).status).toBe(200);
    expect((await mcpList(stack.portico.mcpUrl, stack.tokens.acme as string)).status).toBe(200);

    // Guessing from this address is still throttled.
    const guess = await mcpList(stack.portico.mcpUrl, 'mcp_guessedguessedguessedguessed');
    expect(guess.status).toBe(429);
    expect(guess.headers.get('retry-after')).toMatch(/^\d+$/);
    expect((await signIn(stack, request, 'bob@acme.example', 'still wrong')).status).toBe(429);
    const metrics = await (await fetch(`${stack.portico.url}/metrics`)).text();
    expect(metrics).toMatch(/portico_auth_failures_total\{reason="malformed"\} [1-9]/);
  });
});

describe('genuine but refused credentials are not guesses', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startOAuthStack('1s');
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('an expired OAuth token and a revoked mcp_ token, each sent 25 times, never earn a 429', async () => {
    const clientId = await register(stack.portico.url);
    const { request, verifier } = await authorization(stack, clientId);
    const access = await completeSignIn(stack, clientId, request, verifier);
    const revoked = await stack.portico.security.access.createToken({ tenantId: 'acme', label: 'to revoke' });
    await stack.portico.security.access.revokeToken(revoked.token.id);
    // Let the 1 s access token expire (past the verifier's zero tolerance).
    await new Promise((r) => setTimeout(r, 2_100));
    const statuses = new Set<number>();
    for (let i = 0; i < 25; i++) {
      statuses.add((await mcpList(stack.portico.mcpUrl, access)).status);
      statuses.add((await mcpList(stack.portico.mcpUrl, revoked.secret)).status);
    }
    expect([...statuses]).toEqual([401]);
    // The address has no failures counted: a bad token is a plain 401.
    expect((await mcpList(stack.portico.mcpUrl, 'not-a-token')).status).toBe(401);
    const metrics = await (await fetch(`${stack.portico.url}/metrics`)).text();
    expect(metrics).toContain('portico_auth_failures_total{reason="expired"} 25');
    expect(metrics).toContain('portico_auth_failures_total{reason="revoked"} 25');
  });

  it('per account: after 5 wrong passwords the account backs off, even for the right password, then recovers', async () => {
    const clientId = await register(stack.portico.url);
    const { request, verifier } = await authorization(stack, clientId);
    for (let i = 0; i < 6; i++) {
      expect((await signIn(stack, request, 'ada@acme.example', `wrong ${i}`)).status).toBe(401);
    }
    const locked = await signIn(stack, request, 'ada@acme.example', stack.password);
    expect(locked.status).toBe(429);
    expect(await locked.text()).toContain('Too many failed sign-ins to this account');
    const wait = Number(locked.headers.get('retry-after'));
    expect(wait).toBeGreaterThanOrEqual(1);
    // Another account is not affected.
    expect((await signIn(stack, request, 'bob@acme.example', 'wrong')).status).toBe(401);
    await new Promise((r) => setTimeout(r, wait * 1000 + 100));
    const access = await completeSignIn(stack, clientId, request, verifier);
    expect((await mcpList(stack.portico.mcpUrl, access)).status).toBe(200);
  });
});
