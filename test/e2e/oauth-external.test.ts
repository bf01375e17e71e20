import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, type JWTPayload, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PorticoInstance } from '../../src/runtime/index.js';
import { mcpList } from '../oauth/helpers.js';
import { rpcBody } from '../support/mcp-post.js';
import { startTestPortico } from '../support/portico.js';

const CONFIG = join(import.meta.dirname, '..', 'fixtures', 'oauth-external.yaml');

type Key = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];

let idp: Server;
let issuer: string;
let portico: PorticoInstance;
let signingKey: Key;
let strayKey: Key;

beforeAll(async () => {
  const pair = await generateKeyPair('RS256');
  signingKey = pair.privateKey;
  strayKey = (await generateKeyPair('RS256')).privateKey;
  const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
  idp = createServer((req, res) => {
    const path = req.url?.split('?')[0];
    if (path === '/.well-known/oauth-authorization-server') {
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ issuer, jwks_uri: `${issuer}/jwks` }));
    } else if (path === '/jwks') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] }));
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((r) => idp.listen(0, '127.0.0.1', r));
  issuer = `http://127.0.0.1:${(idp.address() as AddressInfo).port}`;
  portico = await startTestPortico(CONFIG, { IDP_ISSUER: issuer }, { noAuth: false });
  await portico.security.access.createTenant({ id: 'acme', name: 'Acme' });
});
afterAll(async () => {
  await portico?.close();
  await new Promise((r) => idp?.close(r));
});

async function jwt(
  claims: JWTPayload,
  opts: { key?: Key; kid?: string; expSec?: number } = {},
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({
    iss: issuer,
    sub: 'user-42',
    aud: portico.mcpUrl,
    iat: now - 10,
    exp: now + (opts.expSec ?? 300),
    portico_tenant: 'acme',
    scope: 'mcp.tools.discovery mcp.tools.invoke',
    ...claims,
  })
    .setProtectedHeader({ alg: 'RS256', kid: opts.kid ?? 'k1' })
    .sign(opts.key ?? signingKey);
}

describe('external IdP (resource server mode)', () => {
  it('serves PRM naming the external issuer and no authorization server of its own', async () => {
    const prm = (await (await fetch(`${portico.url}/.well-known/oauth-protected-resource/mcp`)).json()) as {
      resource: string;
      authorization_servers: string[];
    };
    expect(prm.resource).toBe(portico.mcpUrl);
    expect(prm.authorization_servers).toEqual([issuer]);
    expect((await fetch(`${portico.url}/.well-known/oauth-authorization-server`)).status).toBe(404);
  });

  it('accepts a valid token: tenant, subject and scopes come from its claims', async () => {
    const res = await fetch(portico.mcpUrl, {
      method: 'POST',
      headers: {
        accept: 'application/json, text/event-stream',
        'content-type': 'application/json',
        authorization: `Bearer ${await jwt({})}`,
      },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'tools/call',
        params: { name: 'whoami', arguments: {} },
      }),
    });
    expect(res.status).toBe(200);
    const body = await rpcBody<{
      result: {
        structuredContent: { tenant: { id: string }; token: { id: string; kind: string }; scopes: string[] };
      };
    }>(res);
    const me = body.result.structuredContent;
    expect(me.tenant.id).toBe('acme');
    expect(me.token.kind).toBe('oauth');
    expect(me.token.id).toBe(`${issuer}#user-42`);
    expect([...me.scopes].sort()).toEqual(['mcp.tools.discovery', 'mcp.tools.invoke']);
  });

  it.each([
    ['expired', () => jwt({}, { expSec: -120 })],
    ['for another audience', () => jwt({ aud: 'https://other.example/mcp' })],
    ['from another issuer', () => jwt({ iss: 'https://evil.example' })],
    ['signed with an unknown key id', () => jwt({}, { key: strayKey, kid: 'k2' })],
    ['signed with the wrong key under a known kid', () => jwt({}, { key: strayKey })],
    ['for a tenant that does not exist', () => jwt({ portico_tenant: 'nobody' })],
  ])('refuses a token %s with the same 401', async (_what, make) => {
    const res = await mcpList(portico.mcpUrl, await make());
    expect(res.status).toBe(401);
    const challenge = res.headers.get('www-authenticate') ?? '';
    expect(challenge).toContain(
      `resource_metadata="${portico.url}/.well-known/oauth-protected-resource/mcp"`,
    );
    expect(challenge).toContain('error="invalid_token"');
  });
});
