import { createHash, randomBytes } from 'node:crypto';
import { base62Encode } from './base62.js';

/** Every token secret starts with this. */
export const TOKEN_PREFIX = 'mcp_';

/** Characters of the secret shown in listings (`mcp_4fG7k2`). */
export const DISPLAY_PREFIX_LENGTH = 10;

const SECRET_SHAPE = /^mcp_[0-9A-Za-z]{40,100}$/;

/**
 * A new token secret: `mcp_` + base62 of 32 crypto-random bytes (43 characters), its SHA-256 hash
 * (lower-case hex, the only thing stored) and its display prefix (first 10 characters).
 */
export function generateTokenSecret(): { secret: string; hash: string; prefix: string } {
  const secret = TOKEN_PREFIX + base62Encode(randomBytes(32));
  return { secret, hash: hashTokenSecret(secret), prefix: secret.slice(0, DISPLAY_PREFIX_LENGTH) };
}

/** Lower-case hex SHA-256 of the whole secret (prefix included). */
export function hashTokenSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** Cheap syntactic check (`mcp_` + 40–100 base62 characters) done before any hashing or lookup. */
export function looksLikeTokenSecret(s: string): boolean {
  return typeof s === 'string' && SECRET_SHAPE.test(s);
}
