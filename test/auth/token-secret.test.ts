import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { BASE62_ALPHABET, base62Encode, base62Length } from '../../src/auth/base62.js';
import { generateTokenSecret, hashTokenSecret, looksLikeTokenSecret } from '../../src/auth/index.js';

function decode62(s: string): bigint {
  let n = 0n;
  for (const ch of s) n = n * 62n + BigInt(BASE62_ALPHABET.indexOf(ch));
  return n;
}

describe('base62', () => {
  it('has 62 distinct alphanumeric characters', () => {
    expect(BASE62_ALPHABET).toHaveLength(62);
    expect(new Set(BASE62_ALPHABET).size).toBe(62);
    expect(BASE62_ALPHABET).toMatch(/^[0-9A-Za-z]+$/);
  });

  it('encodes known values, padded to the full width', () => {
    expect(base62Encode(new Uint8Array([0]), 1)).toBe('0');
    expect(base62Encode(new Uint8Array([61]), 1)).toBe('z');
    expect(base62Encode(new Uint8Array([62]), 1)).toBe('10');
    expect(base62Encode(new Uint8Array([1, 0]), 1)).toBe('48'); // 256 = 4·62 + 8
    expect(base62Length(32)).toBe(43);
    expect(base62Encode(new Uint8Array(32))).toBe('0'.repeat(43));
    expect(base62Encode(new Uint8Array(32).fill(255))).toHaveLength(43);
  });

  it('round-trips random 32-byte values', () => {
    for (let i = 0; i < 200; i++) {
      const bytes = randomBytes(32);
      const s = base62Encode(bytes);
      expect(s).toHaveLength(43);
      expect(decode62(s)).toBe(BigInt(`0x${bytes.toString('hex')}`));
    }
  });
});

describe('generateTokenSecret', () => {
  it('gives mcp_ + 43 base62 characters, its SHA-256 and a 10-character prefix', () => {
    const { secret, hash, prefix } = generateTokenSecret();
    expect(secret).toMatch(/^mcp_[0-9A-Za-z]{43}$/);
    expect(hash).toBe(createHash('sha256').update(secret).digest('hex'));
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(prefix).toBe(secret.slice(0, 10));
    expect(prefix.startsWith('mcp_')).toBe(true);
    expect(hashTokenSecret(secret)).toBe(hash);
  });

  it('always has the same length and uses the whole alphabet roughly evenly', () => {
    const counts = new Map<string, number>();
    const lengths = new Set<number>();
    const secrets = new Set<string>();
    const n = 2000;
    for (let i = 0; i < n; i++) {
      const { secret } = generateTokenSecret();
      secrets.add(secret);
      lengths.add(secret.length);
      // Skip the first body character: its range is slightly narrower (2^256 < 62^43).
      for (const ch of secret.slice(5)) counts.set(ch, (counts.get(ch) ?? 0) + 1);
    }
    expect(secrets.size).toBe(n);
    expect([...lengths]).toEqual([47]);
    expect([...counts.keys()].sort().join('')).toBe([...BASE62_ALPHABET].sort().join(''));
    const expected = (n * 42) / 62; // ≈ 1355 per character
    for (const c of counts.values()) {
      expect(c).toBeGreaterThan(expected * 0.8);
      expect(c).toBeLessThan(expected * 1.2);
    }
  });
});

describe('looksLikeTokenSecret', () => {
  it('accepts generated secrets and rejects other shapes', () => {
    expect(looksLikeTokenSecret(generateTokenSecret().secret)).toBe(true);
    expect(looksLikeTokenSecret('')).toBe(false);
    expect(looksLikeTokenSecret('mcp_')).toBe(false);
    expect(looksLikeTokenSecret('mcp_short')).toBe(false);
    expect(looksLikeTokenSecret(`xyz_${'a'.repeat(43)}`)).toBe(false);
    expect(looksLikeTokenSecret(`MCP_${'a'.repeat(43)}`)).toBe(false);
    expect(looksLikeTokenSecret(`mcp_${'a'.repeat(42)}-`)).toBe(false);
    expect(looksLikeTokenSecret(`mcp_${'a'.repeat(43)} `)).toBe(false);
    expect(looksLikeTokenSecret(`mcp_${'a'.repeat(5000)}`)).toBe(false);
  });
});
