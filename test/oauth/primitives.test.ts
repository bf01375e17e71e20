import { describe, expect, it } from 'vitest';
import {
  FormTokens,
  hashPassword,
  isS256Challenge,
  parseScopeParam,
  redirectUriMatches,
  redirectUriProblem,
  resourceUrl,
  s256,
  verifyPassword,
  verifyPkce,
  viewOfResource,
} from '../../src/oauth/index.js';

describe('PKCE S256', () => {
  it('computes base64url(SHA-256(verifier)) as WebCrypto does', async () => {
    const verifier = 'dBjftJeZ4CVP-mJ92IgN0YQmP3DZLbZCjLxC9oqNFRg';
    const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
    const expected = Buffer.from(digest).toString('base64url');
    expect(s256(verifier)).toBe(expected);
    expect(isS256Challenge(expected)).toBe(true);
    expect(verifyPkce(verifier, expected)).toBe(true);
  });

  it('refuses a wrong, missing or malformed verifier', () => {
    const challenge = s256('a'.repeat(43));
    expect(verifyPkce('a'.repeat(43), challenge)).toBe(true);
    expect(verifyPkce('b'.repeat(43), challenge)).toBe(false);
    expect(verifyPkce(undefined, challenge)).toBe(false);
    expect(verifyPkce('short', s256('short'))).toBe(false);
    expect(verifyPkce('a'.repeat(129), s256('a'.repeat(129)))).toBe(false);
    expect(isS256Challenge('plain-challenge')).toBe(false);
  });
});

describe('redirect URIs', () => {
  it('registers https and loopback http only, without fragments or credentials', () => {
    for (const ok of [
      'https://app.example/cb',
      'http://127.0.0.1/cb',
      'http://127.0.0.1:53682/callback',
      'http://localhost:3000/cb',
      'http://[::1]:8080/cb',
    ]) {
      expect(redirectUriProblem(ok), ok).toBeUndefined();
    }
    expect(redirectUriProblem('http://app.example/cb')).toMatch(/https/);
    expect(redirectUriProblem('http://10.0.0.1/cb')).toMatch(/loopback/);
    expect(redirectUriProblem('https://app.example/cb#x')).toMatch(/fragment/);
    expect(redirectUriProblem('https://u:p@app.example/cb')).toMatch(/credentials/);
    expect(redirectUriProblem('myapp:/cb')).toBeDefined();
    expect(redirectUriProblem('/relative')).toMatch(/absolute/);
  });

  it('matches exactly, except that loopback ports may differ (RFC 8252)', () => {
    const reg = ['http://127.0.0.1:1000/callback', 'https://app.example/cb'];
    expect(redirectUriMatches(reg, 'https://app.example/cb')).toBe(true);
    expect(redirectUriMatches(reg, 'https://app.example/cb/')).toBe(false);
    expect(redirectUriMatches(reg, 'https://app.example:8443/cb')).toBe(false);
    expect(redirectUriMatches(reg, 'http://127.0.0.1:54321/callback')).toBe(true);
    expect(redirectUriMatches(reg, 'http://127.0.0.1/callback')).toBe(true);
    expect(redirectUriMatches(reg, 'http://127.0.0.1:54321/other')).toBe(false);
    expect(redirectUriMatches(reg, 'http://localhost:1000/callback')).toBe(false);
    expect(redirectUriMatches(reg, 'http://127.0.0.1:1000/callback?x=1')).toBe(false);
  });
});

describe('password hashing (scrypt)', () => {
  it('encodes params and a per-user salt, and verifies only the right password', async () => {
    const a = await hashPassword('correct horse battery staple');
    const b = await hashPassword('correct horse battery staple');
    expect(a).toMatch(/^scrypt\$N=32768,r=8,p=1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword('correct horse battery staple', a)).toBe(true);
    expect(await verifyPassword('correct horse battery stapl', a)).toBe(false);
    expect(await verifyPassword('x', 'not-a-hash')).toBe(false);
    expect(await verifyPassword('x', 'scrypt$N=4194304,r=8,p=1$AAAA$AAAA')).toBe(false);
  });
});

describe('form tokens', () => {
  it('round-trips, and refuses tampering, other keys and expiry', () => {
    let now = 1_000_000;
    const forms = new FormTokens(Buffer.alloc(32, 1), () => now);
    const t = forms.sign({ stage: 'signin', n: 1 }, 60);
    expect(forms.verify(t)).toMatchObject({ stage: 'signin', n: 1 });
    const [body, mac] = t.split('.');
    const forged = `${Buffer.from(JSON.stringify({ stage: 'consent', exp: 9e9 })).toString('base64url')}.${mac}`;
    expect(forms.verify(forged)).toBeUndefined();
    expect(forms.verify(`${body}.x${mac!.slice(1)}`)).toBeUndefined();
    expect(new FormTokens(Buffer.alloc(32, 2), () => now).verify(t)).toBeUndefined();
    expect(forms.verify(undefined)).toBeUndefined();
    now += 61_000;
    expect(forms.verify(t)).toBeUndefined();
  });
});

describe('scopes and resources', () => {
  it('defaults to discovery + invoke, ignores OIDC scopes, refuses unknown ones', () => {
    expect(parseScopeParam(undefined)).toEqual(['mcp.tools.discovery', 'mcp.tools.invoke']);
    expect(parseScopeParam('openid offline_access')).toEqual(['mcp.tools.discovery', 'mcp.tools.invoke']);
    expect(parseScopeParam('mcp.tools.write mcp.tools.discovery')).toEqual([
      'mcp.tools.discovery',
      'mcp.tools.write',
    ]);
    expect(() => parseScopeParam('admin')).toThrow(/Unknown scope "admin"/);
  });

  it('maps resource URLs to views and back', () => {
    const base = 'http://127.0.0.1:8787';
    expect(resourceUrl(base, 'default')).toBe(`${base}/mcp`);
    expect(resourceUrl(base, 'ops')).toBe(`${base}/mcp/ops`);
    expect(viewOfResource(base, `${base}/mcp`)).toBe('default');
    expect(viewOfResource(base, `${base}/mcp/`)).toBe('default');
    expect(viewOfResource(base, `${base}/mcp/ops`)).toBe('ops');
    expect(viewOfResource(base, `${base}/mcp/ops/x`)).toBeUndefined();
    expect(viewOfResource(base, 'http://evil.example/mcp')).toBeUndefined();
  });
});
