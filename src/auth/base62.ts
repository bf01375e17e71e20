/** The base62 alphabet: digits, upper-case, lower-case. */
export const BASE62_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/**
 * Base62 of `bytes` read as one big-endian unsigned integer, left-padded with `0` to `minLength`
 * (so every 32-byte input gives exactly 43 characters: 62^43 > 2^256).
 */
export function base62Encode(bytes: Uint8Array, minLength = base62Length(bytes.length)): string {
  let n = 0n;
  for (const b of bytes) n = (n << 8n) | BigInt(b);
  let out = '';
  while (n > 0n) {
    out = BASE62_ALPHABET[Number(n % 62n)] + out;
    n /= 62n;
  }
  return out.padStart(minLength, '0');
}

/** Characters needed for any `byteCount`-byte value: ceil(8·byteCount / log2 62). */
export function base62Length(byteCount: number): number {
  return Math.ceil((8 * byteCount) / Math.log2(62));
}
