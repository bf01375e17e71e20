import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/observability/index.js';
import type { PorticoInstance } from '../../src/runtime/index.js';
import { mcpList } from '../oauth/helpers.js';
import { MCP_HEADERS, rpc, rpcBody } from '../support/mcp-post.js';
import { startTestIdp, type TestIdp } from '../support/oidc-idp.js';
import { startTestPortico } from '../support/portico.js';

// Issue 16: external IdP mode against a real oidc-provider run here (real discovery, JWKS, rotation).

type LogLine = { level: number; msg: string; [k: string]: unknown };

/** A Portico in external mode with `oauth` settings, capturing its JSON log lines. */
async function startGateway(idp: TestIdp, oauthYaml: string, issuer = idp.issuer) {
  const dir = mkdtempSync(join(tmpdir(), 'portico-idp-'));
  const file = join(dir, 'portico.yaml');
  writeFileSync(
    file,
    [
      'naming: { strategy: flat }',
      'systems:',
      '  sample:',
      '    base_url: http://127.0.0.1:9',
      '    operations:',
      '      sample_get: { path: /sample, description: A read-only sample operation. }',
      'oauth:',
      '  mode: external',
      `  issuer: ${issuer}`,
      ...oauthYaml
        .split('\n')
        .filter((l) => l.trim() !== '')
        .map((l) => `  ${l}`),
      '',
    ].join('\n'),
  );
  const lines: LogLine[] = [];
  const destination = new Writable({
    write(chunk, _enc, done) {
      for (const l of String(chunk).split('\n')) if (l.trim() !== '') lines.push(JSON.parse(l) as LogLine);
      done();
    },
  });
  const portico = await startTestPortico(
    file,
    {},
    { noAuth: false, logger: createLogger({ level: 'info', destination }) },
  );
  for (const id of ['acme', 'globex'])
    await portico.security.access.createTenant({ id, name: id.toUpperCase() });
  return { portico, lines };
}

async function whoami(url: string, token: string) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { ...MCP_HEADERS, authorization: `Bearer ${token}` },
    body: rpc('tools/call', { name: 'whoami', arguments: {} }),
  });
  if (res.status !== 200) return { status: res.status, me: undefined };
  const body = await rpcBody<{
    result: { structuredContent: { tenant: { id: string }; token: { id: string }; scopes: string[] } };
  }>(res);
  return { status: res.status, me: body.result.structuredContent };
}

const refusals = (lines: LogLine[], reason: string) =>
  lines.filter((l) => l.reason === reason && l.msg.startsWith('OAuth access token refused'));

const metric = async (p: PorticoInstance, reason: string) => {
  const text = await (await fetch(`${p.url}/metrics`)).text();
  const m = new RegExp(`portico_auth_failures_total\\{reason="${reason}"\\} (\\d+)`).exec(text);
  return Number(m?.[1] ?? 0);
};

const drop = (claim: string) => (p: Record<string, unknown>) => {
  delete p[claim];
};
const set = (claim: string, value: unknown) => (p: Record<string, unknown>) => {
  p[claim] = value;
};

describe('external IdP: why a token was refused (Keycloak-like realm)', () => {
  let idp: TestIdp;
  let gw: Awaited<ReturnType<typeof startGateway>>;
  beforeAll(async () => {
    idp = await startTestIdp([
      { id: 'svc' },
      { id: 'ghost', shape: set('tenant', 'nobody') },
      { id: 'no-tenant', shape: drop('tenant') },
      { id: 'no-scope', shape: drop('scope') },
      { id: 'expired', shape: set('exp', Math.floor(Date.now() / 1000) - 600) },
      { id: 'other-iss', shape: set('iss', 'https://evil.example/realms/portico') },
    ]);
    gw = await startGateway(idp, 'tenant_claim: tenant');
  });
  afterAll(async () => {
    await gw?.portico.close();
    await idp?.close();
  });

  it('accepts a valid token: discovery, JWKS, tenant and scopes from the realm’s claims', async () => {
    const r = await whoami(gw.portico.mcpUrl, await idp.token('svc', gw.portico.mcpUrl));
    expect(r.status).toBe(200);
    expect(r.me?.tenant.id).toBe('acme');
    expect(r.me?.token.id).toBe(`${idp.issuer}#svc`);
    expect([...(r.me?.scopes ?? [])].sort()).toEqual(['mcp.tools.discovery', 'mcp.tools.invoke']);
    const health = (await (await fetch(`${gw.portico.url}/healthz`)).json()) as { oauth?: unknown };
    expect(health.oauth).toEqual({ issuer: idp.issuer, signingKeys: ['k1'] });
  });

  it('a token without the scope a call needs: 403 insufficient_scope with resource_metadata and the full scope set', async () => {
    const token = await idp.token('svc', gw.portico.mcpUrl, 'mcp.tools.discovery');
    const res = await fetch(gw.portico.mcpUrl, {
      method: 'POST',
      headers: { ...MCP_HEADERS, authorization: `Bearer ${token}` },
      body: rpc('tools/call', { name: 'sample_get', arguments: {} }),
    });
    expect(res.status).toBe(403);
    const challenge = res.headers.get('www-authenticate') ?? '';
    expect(challenge).toContain('error="insufficient_scope"');
    expect(challenge).toContain(
      `resource_metadata="${gw.portico.url}/.well-known/oauth-protected-resource/mcp"`,
    );
    expect(challenge).toContain('scope="mcp.tools.discovery mcp.tools.invoke"');
  });

  it('each refusal: the same generic 401, one log line per token with its reason, counted in /metrics', async () => {
    const stray = (await generateKeyPair('RS256')).privateKey;
    const good = await idp.token('svc', gw.portico.mcpUrl);
    const [h, p] = good.split('.') as [string, string];
    const forged = async (kid: string) =>
      new SignJWT(JSON.parse(Buffer.from(p, 'base64url').toString()))
        .setProtectedHeader({ alg: 'RS256', typ: 'at+jwt', kid })
        .sign(stray);
    const cases: [string, string, Record<string, unknown>][] = [
      [
        'wrong_audience',
        await idp.token('svc', 'https://other.example/mcp'),
        {
          expected: [gw.portico.mcpUrl],
          received: ['https://other.example/mcp'],
        },
      ],
      ['tenant_unknown', await idp.token('ghost', gw.portico.mcpUrl), { claim: 'tenant', value: 'nobody' }],
      ['tenant_missing', await idp.token('no-tenant', gw.portico.mcpUrl), { claim: 'tenant' }],
      ['missing_scope_claim', await idp.token('no-scope', gw.portico.mcpUrl), {}],
      ['expired', await idp.token('expired', gw.portico.mcpUrl), {}],
      [
        'wrong_issuer',
        await idp.token('other-iss', gw.portico.mcpUrl),
        {
          expected: idp.issuer,
          received: 'https://evil.example/realms/portico',
        },
      ],
      ['bad_signature', await forged('k1'), { kid: 'k1' }],
      ['unknown_kid', await forged('k-stray'), { kid: 'k-stray', known: ['k1'] }],
      ['malformed', `${h}.${p}`, {}],
    ];
    for (const [reason, token, detail] of cases) {
      for (let i = 0; i < 2; i++) {
        const res = await mcpList(gw.portico.mcpUrl, token);
        expect(res.status, reason).toBe(401);
        expect(res.headers.get('www-authenticate')).toContain(
          'error_description="The access token is missing, malformed, expired or revoked"',
        );
      }
      expect(await metric(gw.portico, reason), reason).toBe(2);
      const logged = refusals(gw.lines, reason);
      expect(logged, reason).toHaveLength(1);
      expect(logged[0], reason).toMatchObject(detail);
      expect(logged[0]?.fingerprint).toMatch(/^[0-9a-f]{16}$/);
      expect(JSON.stringify(logged[0])).not.toContain(token);
      // Routine expiry is info (30); everything else a warning (40).
      expect(logged[0]?.level).toBe(reason === 'expired' ? 30 : 40);
    }
  });
});

describe('external IdP: key rotation', () => {
  let idp: TestIdp;
  let gw: Awaited<ReturnType<typeof startGateway>>;
  beforeAll(async () => {
    idp = await startTestIdp([{ id: 'svc' }]);
    gw = await startGateway(idp, 'tenant_claim: tenant');
  });
  afterAll(async () => {
    await gw?.portico.close();
    await idp?.close();
  });

  it('a client polling once a second across a rotation is never refused and never throttled', async () => {
    const statuses: number[] = [];
    let rotated = false;
    for (let i = 0; i < 10; i++) {
      if (i === 3) {
        expect(await idp.rotate()).toBe('k2');
        rotated = true;
      }
      // A fresh token from the IdP each time (after the rotation: signed with the new key).
      const token = await idp.token('svc', gw.portico.mcpUrl);
      if (rotated)
        expect(JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString()).kid).toBe('k2');
      statuses.push((await mcpList(gw.portico.mcpUrl, token)).status);
      await new Promise((r) => setTimeout(r, 1_000));
    }
    expect(statuses.filter((s) => s === 429)).toEqual([]);
    expect(statuses.filter((s) => s !== 200).length).toBeLessThanOrEqual(1);
    const loaded = gw.lines.filter((l) => l.msg === 'identity provider signing keys loaded');
    expect(loaded.at(-1)).toMatchObject({ keys: ['k2', 'k1'], added: ['k2'] });
    expect(await metric(gw.portico, 'unknown_kid')).toBe(0);
    // One fetch at start-up, one for the new kid.
    expect(idp.jwksFetches()).toBe(2);
  }, 60_000);

  it('many unknown-kid tokens at once share one JWKS refetch, and valid tokens are never throttled', async () => {
    const stray = (await generateKeyPair('RS256')).privateKey;
    const before = idp.jwksFetches();
    const forged = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        new SignJWT({
          sub: 'x',
          tenant: 'acme',
          scope: 'mcp.tools.invoke',
          aud: gw.portico.mcpUrl,
          iss: idp.issuer,
        })
          .setProtectedHeader({ alg: 'RS256', kid: `forged-${i}` })
          .setExpirationTime('5m')
          .sign(stray),
      ),
    );
    const res = await Promise.all(forged.map((t) => mcpList(gw.portico.mcpUrl, t)));
    // 30 forged tokens from one address: the 20th and later are throttled …
    expect(res.filter((r) => r.status === 429).length).toBeGreaterThan(0);
    // … with shared JWKS refetches at most one per 5 s (the first at once, late arrivals wait), not thirty …
    expect(idp.jwksFetches() - before).toBeGreaterThanOrEqual(1);
    expect(idp.jwksFetches() - before).toBeLessThanOrEqual(2);
    // … and a valid token from the same address still passes.
    expect((await mcpList(gw.portico.mcpUrl, await idp.token('svc', gw.portico.mcpUrl))).status).toBe(200);
  }, 60_000);
});

describe('external IdP: token shapes of Okta, Auth0 and Entra ID', () => {
  let idp: TestIdp;
  beforeAll(async () => {
    idp = await startTestIdp([
      {
        // Okta: scopes in `scp` (array), several audiences.
        id: 'okta',
        shape: (p) => {
          p.scp = String(p.scope).split(' ');
          delete p.scope;
          p.aud = ['api://default', p.aud as string];
        },
      },
      {
        // Auth0: issuer with a trailing slash, tenant in a URL-named claim, `scope` string.
        id: 'auth0',
        shape: (p, issuer) => {
          p.iss = `${issuer}/`;
          p['https://portico.example/tenant'] = 'globex';
          delete p.tenant;
        },
      },
      {
        // Keycloak with realm roles: roles nested under realm_access, tenant under an org object.
        id: 'kc-roles',
        shape: (p) => {
          p.realm_access = { roles: ['portico-invoke', 'offline_access'] };
          p.org = { id: 'globex' };
          delete p.scope;
          delete p.tenant;
        },
      },
      {
        // Entra ID: tenant GUID in `tid`, app roles in `roles`, delegated scopes in `scp` (string).
        id: 'entra',
        shape: (p) => {
          p.tid = '72f988bf-86f1-41af-91ab-2d7cd011db47';
          p.roles = ['Tools.Invoke'];
          p.scp = 'Tools.Read';
          delete p.scope;
          delete p.tenant;
        },
      },
    ]);
  });
  afterAll(async () => {
    await idp?.close();
  });

  it('Okta: multi-valued aud and an scp array', async () => {
    const gw = await startGateway(idp, 'tenant_claim: tenant');
    try {
      const r = await whoami(gw.portico.mcpUrl, await idp.token('okta', gw.portico.mcpUrl));
      expect(r.status).toBe(200);
      expect([...(r.me?.scopes ?? [])].sort()).toEqual(['mcp.tools.discovery', 'mcp.tools.invoke']);
    } finally {
      await gw.portico.close();
    }
  });

  it('Auth0: URL-named tenant claim, issuer configured with a trailing slash the other way round', async () => {
    const gw = await startGateway(idp, 'tenant_claim: https://portico.example/tenant');
    try {
      const r = await whoami(gw.portico.mcpUrl, await idp.token('auth0', gw.portico.mcpUrl));
      expect(r.status).toBe(200);
      expect(r.me?.tenant.id).toBe('globex');
    } finally {
      await gw.portico.close();
    }
    // Configured with the slash, tokens (as issued, also with the slash) and discovery still work.
    const slash = await startGateway(idp, 'tenant_claim: https://portico.example/tenant', `${idp.issuer}/`);
    try {
      expect(
        (await whoami(slash.portico.mcpUrl, await idp.token('auth0', slash.portico.mcpUrl))).status,
      ).toBe(200);
    } finally {
      await slash.portico.close();
    }
  });

  it('Keycloak: nested claims by dotted path (realm_access.roles mapped to scopes, org.id as tenant)', async () => {
    const gw = await startGateway(
      idp,
      [
        'tenant_claim: org.id',
        'scope_claim: [scope, realm_access.roles]',
        'scope_map: { portico-invoke: [mcp.tools.discovery, mcp.tools.invoke] }',
      ].join('\n'),
    );
    try {
      const r = await whoami(gw.portico.mcpUrl, await idp.token('kc-roles', gw.portico.mcpUrl));
      expect(r.status).toBe(200);
      expect(r.me?.tenant.id).toBe('globex');
      expect([...(r.me?.scopes ?? [])].sort()).toEqual(['mcp.tools.discovery', 'mcp.tools.invoke']);
    } finally {
      await gw.portico.close();
    }
  });

  it('Entra ID: tid mapped to a tenant, roles and scp mapped to scopes through config', async () => {
    const gw = await startGateway(
      idp,
      [
        'tenant_claim: tid',
        'tenant_map: { 72f988bf-86f1-41af-91ab-2d7cd011db47: acme }',
        'scope_claim: [scp, roles]',
        'scope_map: { Tools.Read: mcp.tools.discovery, Tools.Invoke: [mcp.tools.invoke] }',
      ].join('\n'),
    );
    try {
      const r = await whoami(gw.portico.mcpUrl, await idp.token('entra', gw.portico.mcpUrl));
      expect(r.status).toBe(200);
      expect(r.me?.tenant.id).toBe('acme');
      expect([...(r.me?.scopes ?? [])].sort()).toEqual(['mcp.tools.discovery', 'mcp.tools.invoke']);
    } finally {
      await gw.portico.close();
    }
  });
});

describe('external IdP: unreachable', () => {
  it('at start-up: clear error, /healthz not ready, tokens answered 503, recovered by the retry', async () => {
    const idp = await startTestIdp([{ id: 'svc' }]);
    idp.setDown(true);
    const gw = await startGateway(idp, 'tenant_claim: tenant');
    try {
      const health = await fetch(`${gw.portico.url}/healthz`);
      expect(health.status).toBe(503);
      const body = (await health.json()) as { oauth: { signingKeys: { error: string } } };
      expect(body.oauth.signingKeys.error).toContain(`cannot discover the signing keys of ${idp.issuer}`);
      const startup = gw.lines.find((l) => l.level === 50);
      expect(startup?.msg).toContain('cannot fetch the identity provider’s signing keys');
      const res = await mcpList(gw.portico.mcpUrl, 'eyJhbGciOiJSUzI1NiJ9.e30.sig');
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('5');

      idp.setDown(false);
      let ready = false;
      for (let i = 0; i < 40 && !ready; i++) {
        await new Promise((r) => setTimeout(r, 500));
        ready = (await fetch(`${gw.portico.url}/healthz`)).status === 200;
      }
      expect(ready).toBe(true);
      expect((await mcpList(gw.portico.mcpUrl, await idp.token('svc', gw.portico.mcpUrl))).status).toBe(200);

      // Later: the IdP goes away again; cached keys keep serving, and the failed refetch is logged.
      idp.setDown(true);
      const stray = (await generateKeyPair('RS256')).privateKey;
      const unknown = await new SignJWT({ sub: 'x' })
        .setProtectedHeader({ alg: 'RS256', kid: 'k9' })
        .sign(stray);
      expect((await mcpList(gw.portico.mcpUrl, unknown)).status).toBe(401);
      expect(gw.lines.some((l) => l.msg.includes('keeping the cached ones'))).toBe(true);
      idp.setDown(false);
      const valid = await idp.token('svc', gw.portico.mcpUrl);
      idp.setDown(true);
      expect((await mcpList(gw.portico.mcpUrl, valid)).status).toBe(200);
      expect((await fetch(`${gw.portico.url}/healthz`)).status).toBe(200);
    } finally {
      await gw.portico.close();
      await idp.close();
    }
  }, 60_000);
});
