import { describe, expect, it } from 'vitest';
import { adminTokenMatches, bearerFrom, devPrincipal, SCOPES } from '../../src/auth/index.js';

describe('devPrincipal', () => {
  it('has every scope and view, as kind dev', () => {
    const p = devPrincipal({ id: 'dev', name: 'Development' });
    expect(p).toMatchObject({
      kind: 'dev',
      tenantId: 'dev',
      tenantName: 'Development',
      tokenId: 'dev',
      views: null,
    });
    expect([...p.scopes]).toEqual([...SCOPES]);
    expect(p.expiresAt).toBeNull();
    expect(p.rateLimit).toBeNull();
  });
});

describe('adminTokenMatches', () => {
  it('matches only the exact configured token', () => {
    expect(adminTokenMatches('s3cret-admin', 's3cret-admin')).toBe(true);
    expect(adminTokenMatches('s3cret-admin', 's3cret-admiN')).toBe(false);
    expect(adminTokenMatches('s3cret-admin', 's3cret-admin2')).toBe(false);
    expect(adminTokenMatches('s3cret-admin', 's3cret')).toBe(false);
  });

  it('is false when either side is missing or empty', () => {
    expect(adminTokenMatches(undefined, 'x')).toBe(false);
    expect(adminTokenMatches('x', undefined)).toBe(false);
    expect(adminTokenMatches(undefined, undefined)).toBe(false);
    expect(adminTokenMatches('', '')).toBe(false);
  });
});

describe('bearerFrom', () => {
  it('extracts the credential of a Bearer header', () => {
    expect(bearerFrom('Bearer mcp_abc')).toBe('mcp_abc');
    expect(bearerFrom('bearer   mcp_abc  ')).toBe('mcp_abc');
    expect(bearerFrom('BEARER\tmcp_abc')).toBe('mcp_abc');
  });

  it('is undefined when absent or not Bearer', () => {
    expect(bearerFrom(undefined)).toBeUndefined();
    expect(bearerFrom('')).toBeUndefined();
    expect(bearerFrom('Bearer')).toBeUndefined();
    expect(bearerFrom('Bearer ')).toBeUndefined();
    expect(bearerFrom('Basic dXNlcjpwdw==')).toBeUndefined();
    expect(bearerFrom('Bearer a b')).toBeUndefined();
    expect(bearerFrom('Bearermcp_abc')).toBeUndefined();
  });
});
