import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** Self-contained, signed session ids: any replica holding the secret can verify one. */
export interface SessionIds {
  issue(): string;
  verify(id: string): boolean;
}

/** Sessions older than this are refused (the client re-initializes). */
const MAX_AGE_MS = 7 * 24 * 3600 * 1000;

/**
 * HMAC-SHA256 signed ids `v1.<issued-at base36>.<nonce>.<signature>`. No server-side state: a
 * 2025-11-25 client gets one on `initialize` so it may open the GET notification stream, yet
 * every replica answers every request.
 */
export function createSessionIds(secret: Buffer, now: () => number = Date.now): SessionIds {
  const sign = (payload: string) => createHmac('sha256', secret).update(payload).digest('base64url');
  return {
    issue() {
      const payload = `v1.${now().toString(36)}.${randomBytes(12).toString('base64url')}`;
      return `${payload}.${sign(payload)}`;
    },
    verify(id) {
      const cut = id.lastIndexOf('.');
      if (cut < 0 || id.length > 200) return false;
      const payload = id.slice(0, cut);
      const parts = payload.split('.');
      if (parts.length !== 3 || parts[0] !== 'v1') return false;
      const given = Buffer.from(id.slice(cut + 1));
      const expected = Buffer.from(sign(payload));
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return false;
      const issued = Number.parseInt(parts[1]!, 36);
      return Number.isFinite(issued) && now() - issued < MAX_AGE_MS;
    },
  };
}
