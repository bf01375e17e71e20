import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * HMAC-signed, expiring blobs that carry an authorization request through the sign-in and consent
 * forms (CSRF-safe: a form post is only accepted with a blob this server issued for that request).
 */
export class FormTokens {
  constructor(
    private readonly key: Buffer,
    private readonly now: () => number = Date.now,
  ) {}

  /** Sign `payload` (JSON) for `ttlSec` seconds. */
  sign(payload: Record<string, unknown>, ttlSec: number): string {
    const body = Buffer.from(
      JSON.stringify({ ...payload, exp: Math.floor(this.now() / 1000) + ttlSec }),
    ).toString('base64url');
    return `${body}.${this.mac(body)}`;
  }

  /** The payload of a blob this server signed and that has not expired; undefined otherwise. */
  verify<T extends Record<string, unknown>>(token: string | undefined): T | undefined {
    if (typeof token !== 'string') return undefined;
    const [body, mac, extra] = token.split('.');
    if (body === undefined || mac === undefined || extra !== undefined) return undefined;
    const expected = Buffer.from(this.mac(body));
    const given = Buffer.from(mac);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
    try {
      const payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as T & { exp?: number };
      if (typeof payload.exp !== 'number' || payload.exp * 1000 < this.now()) return undefined;
      return payload;
    } catch {
      return undefined;
    }
  }

  private mac(body: string): string {
    return createHmac('sha256', this.key).update(body).digest('base64url');
  }
}
