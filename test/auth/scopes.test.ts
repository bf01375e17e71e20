import { describe, expect, it } from 'vitest';
import {
  DEFAULT_TOKEN_SCOPES,
  parseExpiry,
  parseScopes,
  permissionFor,
  requiredScopeFor,
  SCOPES,
  type Scope,
} from '../../src/auth/index.js';
import { PorticoError } from '../../src/errors/index.js';

function errorOf(fn: () => unknown): PorticoError {
  try {
    fn();
  } catch (err) {
    if (err instanceof PorticoError) return err;
    throw err;
  }
  throw new Error('expected a PorticoError');
}

describe('parseScopes', () => {
  it('accepts a comma-separated string or a list, dedupes and keeps SCOPES order', () => {
    expect(parseScopes('mcp.tools.write, mcp.tools.discovery')).toEqual([
      'mcp.tools.discovery',
      'mcp.tools.write',
    ]);
    expect(parseScopes(['mcp.tools.invoke', 'mcp.tools.invoke', 'mcp.tools.discovery'])).toEqual([
      'mcp.tools.discovery',
      'mcp.tools.invoke',
    ]);
    expect(parseScopes([...SCOPES].reverse())).toEqual([...SCOPES]);
  });

  it('rejects unknown names with the list of scopes and a did-you-mean', () => {
    const e = errorOf(() => parseScopes('mcp.tools.invoke,mcp.tools.wirte'));
    expect(e.code).toBe('invalid_input');
    expect(e.message).toContain('"mcp.tools.wirte"');
    expect(e.message).toContain('did you mean "mcp.tools.write"');
    for (const s of SCOPES) expect(e.message).toContain(s);
    expect(errorOf(() => parseScopes(['invoke'])).message).toContain('did you mean "mcp.tools.invoke"');
    expect(errorOf(() => parseScopes('admin')).message).not.toContain('did you mean');
  });

  it('rejects an empty selection', () => {
    expect(errorOf(() => parseScopes('')).code).toBe('invalid_input');
    expect(errorOf(() => parseScopes([' , '])).code).toBe('invalid_input');
  });
});

describe('parseExpiry', () => {
  it('reads days and never/none', () => {
    expect(parseExpiry('30d')).toBe(30);
    expect(parseExpiry('90d')).toBe(90);
    expect(parseExpiry('365d')).toBe(365);
    expect(parseExpiry('1d')).toBe(1);
    expect(parseExpiry('3650d')).toBe(3650);
    expect(parseExpiry(' 7D ')).toBe(7);
    expect(parseExpiry('never')).toBeNull();
    expect(parseExpiry('none')).toBeNull();
  });

  it.each(['0d', '3651d', '30', '1w', 'forever', '', '-5d', '1.5d'])(
    'rejects %j naming the accepted values',
    (text) => {
      const e = errorOf(() => parseExpiry(text));
      expect(e.code).toBe('invalid_input');
      expect(e.message).toMatch(/30d, 90d, 365d .* or never/);
    },
  );
});

describe('scopes and permissions', () => {
  it('defaults to discovery + invoke', () => {
    expect([...DEFAULT_TOKEN_SCOPES]).toEqual(['mcp.tools.discovery', 'mcp.tools.invoke']);
  });

  it('needs invoke for read-only tools and write for the others', () => {
    expect(requiredScopeFor(true)).toBe('mcp.tools.invoke');
    expect(requiredScopeFor(false)).toBe('mcp.tools.write');
  });

  it('computes what a scope set allows', () => {
    const set = (...s: Scope[]) => new Set<Scope>(s);
    expect(permissionFor(set(), true)).toBe('none');
    expect(permissionFor(set('mcp.tools.discovery'), true)).toBe('list');
    expect(permissionFor(set('mcp.tools.discovery'), false)).toBe('list');
    expect(permissionFor(set('mcp.tools.discovery', 'mcp.tools.invoke'), true)).toBe('invoke');
    expect(permissionFor(set('mcp.tools.discovery', 'mcp.tools.invoke'), false)).toBe('list');
    expect(permissionFor(set('mcp.tools.invoke'), false)).toBe('none');
    expect(permissionFor(set('mcp.tools.write'), false)).toBe('write');
    expect(permissionFor(set(...SCOPES), false)).toBe('write');
    expect(permissionFor(set(...SCOPES), true)).toBe('invoke');
  });
});
