import { createHmac, timingSafeEqual } from 'node:crypto';
import type { TaskIds } from '../mcp/index.js';

const PREFIX = 'pt1';
/** Longest published id read (a server's own ids are short; this bounds the work on junk). */
const MAX_ID_LENGTH = 2048;

/**
 * HMAC-SHA256 signed ids `pt1.<base64url JSON [server, tenant, id]>.<signature>`, keyed by a key
 * derived from `secret` (the session-id secret every replica shares), so a task id is no session id.
 */
export function createTaskIds(secret: Buffer): TaskIds {
  const key = createHmac('sha256', secret).update('portico task ids v1').digest();
  const sign = (payload: string) => createHmac('sha256', key).update(payload).digest('base64url');
  return {
    issue(ref) {
      const body = Buffer.from(JSON.stringify([ref.server, ref.tenant, ref.id])).toString('base64url');
      const payload = `${PREFIX}.${body}`;
      return `${payload}.${sign(payload)}`;
    },
    read(published) {
      if (published.length > MAX_ID_LENGTH) return undefined;
      const cut = published.lastIndexOf('.');
      if (cut < 0) return undefined;
      const payload = published.slice(0, cut);
      const parts = payload.split('.');
      if (parts.length !== 2 || parts[0] !== PREFIX) return undefined;
      const given = Buffer.from(published.slice(cut + 1));
      const expected = Buffer.from(sign(payload));
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
      try {
        const v: unknown = JSON.parse(Buffer.from(parts[1] as string, 'base64url').toString('utf8'));
        if (Array.isArray(v) && v.length === 3) {
          const [server, tenant, id] = v as unknown[];
          if (typeof server === 'string' && typeof tenant === 'string' && typeof id === 'string') {
            return { server, tenant, id };
          }
        }
      } catch {
        // A signed payload is always ours; unreadable means it is not.
      }
      return undefined;
    },
  };
}
