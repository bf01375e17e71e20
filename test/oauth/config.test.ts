import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../src/config/index.js';
import { parseDurationSec } from '../../src/spec/index.js';

const SYSTEMS = `systems:
  s:
    base_url: http://127.0.0.1:9
    operations:
      op: { path: /x }
`;

function parse(extra: string, env: Record<string, string> = {}) {
  return parseConfig(`${SYSTEMS}${extra}`, '/tmp/portico.yaml', env);
}

function issues(extra: string): string {
  try {
    parse(extra);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).message;
  }
  throw new Error('expected a config error');
}

describe('oauth config', () => {
  it('defaults to off with 15 min / 30 day lifetimes', () => {
    const c = parse('');
    expect(c.oauth).toEqual({
      mode: 'off',
      accessTokenTtlSec: 900,
      refreshTokenTtlSec: 30 * 86_400,
      dynamicRegistration: true,
      allowInsecureClientMetadata: false,
    });
    expect(c.server.publicUrl).toBeUndefined();
  });

  it('default_scopes: what the 401 asks for; only known scopes, at least one', () => {
    const c = parse('oauth: { mode: builtin, default_scopes: [mcp.tools.discovery, mcp.tools.write] }\n');
    expect(c.oauth?.defaultScopes).toEqual(['mcp.tools.discovery', 'mcp.tools.write']);
    expect(issues('oauth: { mode: builtin, default_scopes: [mcp.tools.delete] }\n')).toContain(
      'default_scopes',
    );
    expect(issues('oauth: { mode: builtin, default_scopes: [] }\n')).toContain('default_scopes');
  });

  it('reads builtin and external settings, durations and the public URL', () => {
    const b = parse(
      'server: { public_url: "https://mcp.example.com/" }\noauth: { mode: builtin, access_token_ttl: 5m, refresh_token_ttl: 7d, dynamic_registration: false }\n',
    );
    expect(b.server.publicUrl).toBe('https://mcp.example.com');
    expect(b.oauth).toMatchObject({
      mode: 'builtin',
      accessTokenTtlSec: 300,
      refreshTokenTtlSec: 604_800,
      dynamicRegistration: false,
    });
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a ${VAR} of portico.yaml
    const e = parse('oauth:\n  mode: external\n  issuer: ${IDP}\n  scope_claim: scp\n', {
      IDP: 'https://idp.example',
    });
    expect(e.oauth?.external).toEqual({
      issuer: 'https://idp.example',
      tenantClaim: 'portico_tenant',
      tenantMap: {},
      scopeClaims: ['scp'],
      scopeMap: {},
    });
  });

  it('reports a missing issuer, a bad mode and a bad duration where they are', () => {
    expect(issues('oauth: { mode: external }\n')).toMatch(/oauth\.issuer/);
    expect(issues('oauth: { mode: sometimes }\n')).toMatch(/mode/);
    expect(issues('oauth: { access_token_ttl: soon }\n')).toMatch(/duration like/);
    expect(issues('server: { public_url: "ftp://x" }\n')).toMatch(/public_url/);
  });

  it('parses durations', () => {
    expect(parseDurationSec('900')).toBe(900);
    expect(parseDurationSec('90s')).toBe(90);
    expect(parseDurationSec('15m')).toBe(900);
    expect(parseDurationSec('12h')).toBe(43_200);
    expect(parseDurationSec('30d')).toBe(2_592_000);
    expect(parseDurationSec('0')).toBeUndefined();
    expect(parseDurationSec('1w')).toBeUndefined();
  });
});

describe('throttle and IdP token-shape config', () => {
  it('reads server.trusted_proxies and limits.account_failures, with safe defaults', () => {
    const d = parse('');
    expect(d.server.trustedProxies).toEqual([]);
    expect(d.limits.accountFailures).toEqual({ points: 5, durationSec: 900, text: '5/15min' });
    const c = parse(
      'server: { trusted_proxies: ["10.0.0.0/8", "127.0.0.1", "fd00::/8"] }\nlimits: { account_failures: 3/hour }\n',
    );
    expect(c.server.trustedProxies).toEqual(['10.0.0.0/8', '127.0.0.1', 'fd00::/8']);
    expect(c.limits.accountFailures.points).toBe(3);
  });

  it('names a bad trusted proxy entry and how to write one', () => {
    expect(issues('server: { trusted_proxies: ["10.0.0.0/33"] }\n')).toMatch(
      /trusted_proxies.*IP address or CIDR block/s,
    );
    expect(issues('server: { trusted_proxies: [proxy.example.com] }\n')).toMatch(/CIDR/);
  });

  it('reads Entra-style mapping: tid → tenant, roles/scp → scopes, several audiences', () => {
    const c = parse(
      [
        'oauth:',
        '  mode: external',
        '  issuer: https://login.microsoftonline.com/72f988bf/v2.0',
        '  audience: [api://portico, 6e2c1b7a-0000-4000-8000-000000000001]',
        '  tenant_claim: tid',
        '  tenant_map: { 72f988bf: acme }',
        '  scope_claim: [scp, roles]',
        '  scope_map: { Tools.Invoke: "mcp.tools.discovery mcp.tools.invoke", Tools.Write: [mcp.tools.write] }',
        '',
      ].join('\n'),
    );
    expect(c.oauth?.external).toEqual({
      issuer: 'https://login.microsoftonline.com/72f988bf/v2.0',
      audiences: ['api://portico', '6e2c1b7a-0000-4000-8000-000000000001'],
      tenantClaim: 'tid',
      tenantMap: { '72f988bf': 'acme' },
      scopeClaims: ['scp', 'roles'],
      scopeMap: {
        'Tools.Invoke': ['mcp.tools.discovery', 'mcp.tools.invoke'],
        'Tools.Write': ['mcp.tools.write'],
      },
    });
  });
});
