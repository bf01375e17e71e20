import { createHmac, timingSafeEqual } from 'node:crypto';

/** One kind of signed token: its key, the label its MAC covers, its prefix and longest length. */
export interface TokenKind {
  key: Buffer;
  /** Covered by the MAC, so a token of one kind never verifies as another. */
  label: string;
  prefix: string;
  maxLength: number;
}

const mac = (kind: TokenKind, body: string, owner: string): string =>
  createHmac('sha256', kind.key).update(`${kind.label}\0${owner}\0${body}`).digest('base64url');

/**
 * A signed, self-contained token `<prefix>.<base64url JSON>.<base64url HMAC-SHA256>` carrying
 * `value`. The MAC also covers `owner` (who may present it: tenant and credential), which never
 * appears on the wire. Signed, not encrypted: put only ids in `value`.
 */
export function sealToken(kind: TokenKind, value: unknown, owner = ''): string {
  const body = Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${kind.prefix}.${body}.${mac(kind, body, owner)}`;
}

/**
 * The value of a token sealed by {@link sealToken} for `owner`. Throws `malformed` (wrong shape,
 * prefix or length) or `mac` (forged, edited, another owner's or another key's).
 */
export function openToken(kind: TokenKind, token: string, owner = ''): unknown {
  const parts = token.length > kind.maxLength ? [] : token.split('.');
  if (parts.length !== 3 || parts[0] !== kind.prefix) throw new Error('malformed');
  const [, body = '', sig = ''] = parts;
  // Compared as text: decoding first would accept other spellings of the same bytes (the last
  // base64url character carries unused bits), so an edited token could still verify.
  const given = Buffer.from(sig);
  const expected = Buffer.from(mac(kind, body, owner));
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new Error('mac');
  return JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
}
