import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { PorticoError } from '../../src/errors/index.js';
import { SecretBox } from '../../src/secrets/index.js';

function errorOf(fn: () => unknown): PorticoError {
  try {
    fn();
  } catch (err) {
    if (err instanceof PorticoError) return err;
    throw err;
  }
  throw new Error('expected a PorticoError');
}

const flip = (b64: string): string => {
  const buf = Buffer.from(b64, 'base64');
  buf[0] = (buf[0] ?? 0) ^ 1;
  return buf.toString('base64');
};

describe('SecretBox', () => {
  const box = new SecretBox(randomBytes(32));
  const plaintext = 'sk_live_0123456789abcdef';
  const aad = 'acme\u0000flowhub';

  it('round-trips with a fresh 12-byte IV and a 16-byte tag per seal', () => {
    const a = box.seal(plaintext, aad);
    const b = box.seal(plaintext, aad);
    expect(Buffer.from(a.iv, 'base64')).toHaveLength(12);
    expect(Buffer.from(a.tag, 'base64')).toHaveLength(16);
    expect(a.iv).not.toBe(b.iv);
    expect(a.ciphertext).not.toBe(b.ciphertext);
    expect(Buffer.from(a.ciphertext, 'base64').toString('utf8')).not.toContain(plaintext);
    expect(box.open(a, aad)).toBe(plaintext);
    expect(box.open(b, aad)).toBe(plaintext);
    expect(box.open(box.seal('ünïcødé ✓', aad), aad)).toBe('ünïcødé ✓');
  });

  it('refuses a wrong key, a wrong aad and tampered data without revealing the plaintext', () => {
    const sealed = box.seal(plaintext, aad);
    const cases = [
      () => new SecretBox(randomBytes(32)).open(sealed, aad),
      () => box.open(sealed, 'beta\u0000flowhub'),
      () => box.open(sealed, 'acme\u0000other'),
      () => box.open({ ...sealed, ciphertext: flip(sealed.ciphertext) }, aad),
      () => box.open({ ...sealed, iv: flip(sealed.iv) }, aad),
      () => box.open({ ...sealed, tag: flip(sealed.tag) }, aad),
      () =>
        box.open(
          { ...sealed, tag: Buffer.from(sealed.tag, 'base64').subarray(0, 8).toString('base64') },
          aad,
        ),
      () => box.open({ ...sealed, iv: '' }, aad),
    ];
    for (const run of cases) {
      const e = errorOf(run);
      expect(e.code).toBe('secret_key_invalid');
      expect(e.message).toContain('cannot decrypt');
      expect(e.message).toContain('was PORTICO_SECRET_KEY changed?');
      expect(e.message).not.toContain(plaintext);
    }
  });

  it('needs a 32-byte key', () => {
    expect(errorOf(() => new SecretBox(randomBytes(16))).code).toBe('secret_key_invalid');
  });
});
