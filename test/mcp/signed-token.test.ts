import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { openToken, sealToken } from '../../src/mcp/index.js';

describe('signed tokens (task ids, requestState)', () => {
  const kind = { key: randomBytes(32), label: 'test', prefix: 't1', maxLength: 1024 };

  it('round-trips for its owner only', () => {
    const token = sealToken(kind, { a: 1 }, 'north');
    expect(openToken(kind, token, 'north')).toEqual({ a: 1 });
    expect(() => openToken(kind, token, 'south')).toThrow('mac');
  });

  it('refuses every other spelling of the signature, its last character included', () => {
    // The last base64url character of a 32-byte MAC carries two unused bits: decoding before
    // comparing would accept a changed character there (about one token in fourteen).
    for (let i = 0; i < 300; i++) {
      const token = sealToken(kind, { i }, 'north');
      const last = token.at(-1);
      for (const c of ['A', 'B', 'C', 'D']) {
        if (c === last) continue;
        expect(() => openToken(kind, `${token.slice(0, -1)}${c}`, 'north')).toThrow('mac');
      }
    }
  });

  it('refuses another prefix, a bad shape or an over-long token as malformed', () => {
    const token = sealToken(kind, { a: 1 });
    expect(() => openToken(kind, token.replace(/^t1/, 't2'))).toThrow('malformed');
    expect(() => openToken(kind, `${token}.x`)).toThrow('malformed');
    expect(() => openToken(kind, 'x'.repeat(2000))).toThrow('malformed');
  });
});
