import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import {
  Client,
  type OAuthClientProvider,
  StreamableHTTPClientTransport,
  UnauthorizedError,
} from '@modelcontextprotocol/client';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PorticoInstance } from '../../src/runtime/index.js';
import { mcpList, pkce, tokenRequest } from '../oauth/helpers.js';
import { hasChromium, launchChromium } from '../support/browser.js';
import { MCP_HEADERS, rpc, rpcBody } from '../support/mcp-post.js';
import { MemoryProvider, REDIRECT } from '../support/oauth-provider.js';
import { startTestPortico } from '../support/portico.js';
import { signInWithBrowser } from '../support/sign-in.js';

const CONFIG = join(import.meta.dirname, '..', 'fixtures', 'oauth.yaml');
const ADA = { email: 'ada@acme.test', password: 'correct horse battery staple' };

type Whoami = {
  tenant: { id: string };
  token: { id: string; kind: string; label: string };
  scopes: string[];
};

async function whoami(url: string, provider: OAuthClientProvider): Promise<Whoami> {
  const client = new Client({ name: 'oauth-e2e', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(url), { authProvider: provider }));
  try {
    const result = await client.callTool({ name: 'whoami', arguments: {} });
    expect(result.isError ?? false).toBe(false);
    return result.structuredContent as Whoami;
  } finally {
    await client.close();
  }
}

let portico: PorticoInstance;
let base: string;
let mcpToken: string;
let browser: Browser;

/** The user signs in and answers the consent page in Chromium; the redirect back to the client. */
const signInAndConsent = (url: URL, user: typeof ADA, decision: 'approve' | 'deny' = 'approve') =>
  signInWithBrowser(browser, url, { ...user, decision });

beforeAll(async () => {
  if (hasChromium()) browser = await launchChromium();
  portico = await startTestPortico(CONFIG, {}, { noAuth: false });
  base = portico.url;
  await portico.security.access.createTenant({ id: 'acme', name: 'Acme' });
  await portico.security.oauth!.users!.create({ tenantId: 'acme', ...ADA });
  ({ secret: mcpToken } = await portico.security.access.createToken({ tenantId: 'acme', label: 'ci' }));
});
afterAll(async () => {
  await portico?.close();
  await browser?.close();
});

/** Register a public client with DCR (plain HTTP). */
async function register(name = 'Manual Client'): Promise<string> {
  const res = await fetch(`${base}/oauth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      client_name: name,
      redirect_uris: [REDIRECT],
      token_endpoint_auth_method: 'none',
    }),
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { client_id: string }).client_id;
}

/** The whole browser flow over plain HTTP; returns the token response and the parts used. */
async function manualFlow(clientId: string, resource: string) {
  const { verifier, challenge } = pkce();
  const auth = new URL(`${base}/oauth/authorize`);
  for (const [k, v] of Object.entries({
    response_type: 'code',
    client_id: clientId,
    redirect_uri: REDIRECT,
    code_challenge: challenge,
    code_challenge_method: 'S256',
    state: 'xyz',
    resource,
  })) {
    auth.searchParams.set(k, v);
  }
  const callback = await signInAndConsent(auth, ADA);
  expect(callback.searchParams.get('state')).toBe('xyz');
  expect(callback.searchParams.get('iss')).toBe(base);
  const code = callback.searchParams.get('code')!;
  const fields = {
    grant_type: 'authorization_code',
    code,
    redirect_uri: REDIRECT,
    code_verifier: verifier,
    client_id: clientId,
    resource,
  };
  return { code, fields, verifier, token: await tokenRequest(base, fields) };
}

describe.skipIf(!hasChromium())(
  'OAuth 2.1 with the official SDK client (DCR, PKCE, sign-in, consent, refresh)',
  () => {
    const provider = new MemoryProvider();

    it('discovers from the 401, registers, and sends the user to sign in', async () => {
      const client = new Client({ name: 'oauth-e2e', version: '1.0.0' });
      const transport = new StreamableHTTPClientTransport(new URL(portico.mcpUrl), {
        authProvider: provider,
      });
      await expect(client.connect(transport)).rejects.toBeInstanceOf(UnauthorizedError);
      expect(provider.info?.client_id).toMatch(/^cli_/);
      const url = provider.authUrl!;
      expect(url.origin + url.pathname).toBe(`${base}/oauth/authorize`);
      expect(url.searchParams.get('code_challenge_method')).toBe('S256');
      expect(url.searchParams.get('resource')).toBe(portico.mcpUrl);

      const callback = await signInAndConsent(url, ADA);
      expect(callback.origin + callback.pathname).toBe(REDIRECT);
      expect(callback.searchParams.get('state')).toBe('state-123');
      expect(callback.searchParams.get('iss')).toBe(base);
      await transport.finishAuth(callback.searchParams);
      expect(provider.saved).toHaveLength(1);
      expect(provider.saved[0]!.refresh_token).toMatch(/^prt_/);
    });

    it('calls tools as the signed-in user’s tenant with the granted scopes', async () => {
      const me = await whoami(portico.mcpUrl, provider);
      expect(me.tenant.id).toBe('acme');
      expect(me.token.kind).toBe('oauth');
      expect(me.token.id).toMatch(/^grt_/);
      expect(me.token.label).toBe('E2E Assistant');
      expect(me.scopes.sort()).toEqual(['mcp.tools.discovery', 'mcp.tools.invoke']);
    });

    it('a token for /mcp is accepted on a view too', async () => {
      const res = await mcpList(`${portico.mcpUrl}/ops`, provider.tokens()!.access_token);
      expect(res.status).toBe(200);
    });

    it('refreshes an expired access token, rotating the refresh token', async () => {
      const before = provider.tokens()!;
      const grant = (await whoami(portico.mcpUrl, provider)).token.id;
      // The fixture's access tokens live 2 s: wait them out.
      await new Promise((r) => setTimeout(r, 2_200));
      expect((await mcpList(portico.mcpUrl, before.access_token)).status).toBe(401);
      const me = await whoami(portico.mcpUrl, provider);
      const after = provider.tokens()!;
      expect(after.refresh_token).not.toBe(before.refresh_token);
      expect(after.access_token).not.toBe(before.access_token);
      expect(me.token.id).toBe(grant);
    });

    it('a replayed refresh token revokes the whole grant', async () => {
      const old = provider.saved[0]!.refresh_token!;
      const current = provider.tokens()!;
      expect((await mcpList(portico.mcpUrl, current.access_token)).status).toBe(200);
      const replay = await tokenRequest(base, {
        grant_type: 'refresh_token',
        refresh_token: old,
        client_id: provider.info!.client_id,
      });
      expect(replay.status).toBe(400);
      expect(replay.body.error).toBe('invalid_grant');
      expect(replay.headers.get('cache-control')).toBe('no-store');
      const res = await mcpList(portico.mcpUrl, current.access_token);
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toContain('error="invalid_token"');
      const refresh = await tokenRequest(base, {
        grant_type: 'refresh_token',
        refresh_token: current.refresh_token!,
        client_id: provider.info!.client_id,
      });
      expect(refresh.body.error).toBe('invalid_grant');
    });
  },
);

describe.skipIf(!hasChromium())('step-up: a write call with a read-only token (MCP scope challenge)', () => {
  const provider = new MemoryProvider();
  const connect = () => {
    const client = new Client({ name: 'oauth-e2e', version: '1.0.0' });
    const transport = new StreamableHTTPClientTransport(new URL(portico.mcpUrl), { authProvider: provider });
    return { client, transport };
  };

  it('403 names resource_metadata and the whole scope set; the SDK re-authorizes, the user ticks write, the call runs', async () => {
    // Sign in, allowing reading only.
    const first = connect();
    await expect(first.client.connect(first.transport)).rejects.toBeInstanceOf(UnauthorizedError);
    const url = provider.authUrl!;
    url.searchParams.set('scope', 'mcp.tools.discovery mcp.tools.invoke mcp.tools.write');
    const back = await signInWithBrowser(browser, url, { ...ADA, untick: ['mcp.tools.write'] });
    await first.transport.finishAuth(back.searchParams);
    expect(provider.tokens()!.scope).toBe('mcp.tools.discovery mcp.tools.invoke');

    // What the gateway answers a write call with that token.
    const raw = await fetch(portico.mcpUrl, {
      method: 'POST',
      headers: { ...MCP_HEADERS, authorization: `Bearer ${provider.tokens()!.access_token}` },
      body: rpc('tools/call', { name: 'sample_post', arguments: {} }),
    });
    expect(raw.status).toBe(403);
    const challenge = raw.headers.get('www-authenticate') ?? '';
    expect(challenge).toContain('error="insufficient_scope"');
    expect(challenge).toContain(`resource_metadata="${base}/.well-known/oauth-protected-resource/mcp"`);
    expect(challenge).toContain('scope="mcp.tools.discovery mcp.tools.invoke mcp.tools.write"');
    expect(await raw.text()).toContain('Sign in again from your MCP client');

    // The SDK client follows the challenge: it asks the user to authorize the larger scope set.
    provider.authUrl = undefined;
    const second = connect();
    await second.client.connect(second.transport);
    await expect(second.client.callTool({ name: 'sample_post', arguments: {} })).rejects.toBeInstanceOf(
      UnauthorizedError,
    );
    const stepUp = provider.authUrl!;
    expect(stepUp.searchParams.get('scope')?.split(' ').sort()).toEqual([
      'mcp.tools.discovery',
      'mcp.tools.invoke',
      'mcp.tools.write',
    ]);
    const again = await signInWithBrowser(browser, stepUp, {
      ...ADA,
      expectScopes: ['mcp.tools.discovery', 'mcp.tools.invoke', 'mcp.tools.write'],
    });
    await second.transport.finishAuth(again.searchParams);
    await second.client.close();
    const me = await whoami(portico.mcpUrl, provider);
    expect(me.scopes.sort()).toEqual(['mcp.tools.discovery', 'mcp.tools.invoke', 'mcp.tools.write']);
    // Allowed now: the call reaches the (closed) upstream instead of being refused.
    const third = connect();
    await third.client.connect(third.transport);
    const result = (await third.client.callTool({ name: 'sample_post', arguments: {} })) as {
      isError?: boolean;
      content: { text: string }[];
    };
    await third.client.close();
    expect(result.isError).toBe(true);
    expect(result.content[0]!.text).not.toContain('insufficient_scope');
  });
});

describe.skipIf(!hasChromium())(
  'OAuth by hand: DCR and the token endpoint over HTTP, sign-in in Chromium',
  () => {
    it('binds the audience: a token for /mcp/ops is refused on /mcp', async () => {
      const clientId = await register();
      const { token } = await manualFlow(clientId, `${base}/mcp/ops`);
      expect(token.status).toBe(200);
      const access = token.body.access_token as string;
      expect((await mcpList(`${portico.mcpUrl}/ops`, access)).status).toBe(200);
      const wrong = await mcpList(portico.mcpUrl, access);
      expect(wrong.status).toBe(401);
      expect(wrong.headers.get('www-authenticate')).toContain(
        `resource_metadata="${base}/.well-known/oauth-protected-resource/mcp"`,
      );
    });

    it('a code is single-use: its second use fails and revokes the grant', async () => {
      const clientId = await register();
      const { fields, token } = await manualFlow(clientId, portico.mcpUrl);
      expect(token.status).toBe(200);
      const again = await tokenRequest(base, fields);
      expect(again.body.error).toBe('invalid_grant');
      expect((await mcpList(portico.mcpUrl, token.body.access_token as string)).status).toBe(401);
    });

    it('refuses a wrong PKCE verifier and a mismatched resource', async () => {
      const clientId = await register();
      const { verifier: other } = pkce();
      const third = await manualFlowCodeOnly(clientId, portico.mcpUrl);
      const bad = await tokenRequest(base, { ...third.fields, code_verifier: other });
      expect(bad.body.error).toBe('invalid_grant');
      const fourth = await manualFlowCodeOnly(clientId, portico.mcpUrl);
      const target = await tokenRequest(base, { ...fourth.fields, resource: `${base}/mcp/ops` });
      expect(target.body.error).toBe('invalid_target');
    });

    it('denying consent sends access_denied back to the client', async () => {
      const clientId = await register();
      const { challenge } = pkce();
      const auth = new URL(`${base}/oauth/authorize`);
      auth.search = new URLSearchParams({
        response_type: 'code',
        client_id: clientId,
        redirect_uri: REDIRECT,
        code_challenge: challenge,
        code_challenge_method: 'S256',
        state: 's1',
      }).toString();
      const callback = await signInAndConsent(auth, ADA, 'deny');
      expect(callback.searchParams.get('error')).toBe('access_denied');
      expect(callback.searchParams.get('state')).toBe('s1');
      expect(callback.searchParams.get('code')).toBeNull();
    });

    it('mcp_ tokens keep working alongside OAuth', async () => {
      const res = await mcpList(portico.mcpUrl, mcpToken);
      expect(res.status).toBe(200);
      const body = await rpcBody<{ result?: { tools: unknown[] } }>(res);
      expect(body.result?.tools.length).toBeGreaterThan(0);
    });
  },
);

describe.skipIf(!hasChromium())('Client ID Metadata Documents', () => {
  let docServer: Server;
  let docUrl: string;
  let docClientId: string | undefined;

  beforeAll(async () => {
    docServer = createServer((req, res) => {
      if (req.url?.split('?')[0] !== '/client.json') {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(
        JSON.stringify({
          client_id: docClientId ?? docUrl,
          client_name: 'Metadata Doc Client',
          redirect_uris: [REDIRECT],
          token_endpoint_auth_method: 'none',
        }),
      );
    });
    await new Promise<void>((r) => docServer.listen(0, '127.0.0.1', r));
    docUrl = `http://127.0.0.1:${(docServer.address() as AddressInfo).port}/client.json`;
  });
  afterAll(async () => {
    await new Promise((r) => docServer.close(r));
  });

  it('signs in a client identified by its metadata document URL', async () => {
    const { token } = await manualFlow(docUrl, portico.mcpUrl);
    expect(token.status).toBe(200);
    expect((await mcpList(portico.mcpUrl, token.body.access_token as string)).status).toBe(200);
  });

  it('refuses a document whose client_id is not its own URL', async () => {
    const other = docUrl.replace('/client.json', '/client.json?x=1');
    docClientId = 'https://elsewhere.example/client.json';
    const res = await fetch(
      `${base}/oauth/authorize?${new URLSearchParams({ response_type: 'code', client_id: other, redirect_uri: REDIRECT })}`,
    );
    docClientId = undefined;
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('must be the document');
  });
});

/** Authorize and return the code-exchange fields without redeeming the code. */
async function manualFlowCodeOnly(clientId: string, resource: string) {
  const { verifier, challenge } = pkce();
  const auth = new URL(`${base}/oauth/authorize`);
  auth.search = new URLSearchParams({
    response_type: 'code',
    client_id: clientId,
    redirect_uri: REDIRECT,
    code_challenge: challenge,
    code_challenge_method: 'S256',
    resource,
  }).toString();
  const callback = await signInAndConsent(auth, ADA);
  return {
    fields: {
      grant_type: 'authorization_code',
      code: callback.searchParams.get('code')!,
      redirect_uri: REDIRECT,
      code_verifier: verifier,
      client_id: clientId,
    },
  };
}
