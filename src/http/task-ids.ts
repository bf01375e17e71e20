import { createHmac } from 'node:crypto';
import { openToken, sealToken, type TaskIds } from '../mcp/index.js';

/** Longest published id read (a server's own ids are short; this bounds the work on junk). */
const MAX_ID_LENGTH = 2048;

/**
 * Signed ids `pt1.<base64url JSON [server, tenant, id]>.<signature>` (`mcp/signed-token.ts`), keyed
 * by a key derived from `secret` (the session-id secret every replica shares), so a task id is no
 * session id.
 */
export function createTaskIds(secret: Buffer): TaskIds {
  const key = createHmac('sha256', secret).update('portico task ids v1').digest();
  const kind = { key, label: 'portico.taskId', prefix: 'pt1', maxLength: MAX_ID_LENGTH };
  return {
    issue: (ref) => sealToken(kind, [ref.server, ref.tenant, ref.id]),
    read(published) {
      let v: unknown;
      try {
        v = openToken(kind, published);
      } catch {
        return undefined;
      }
      if (Array.isArray(v) && v.length === 3) {
        const [server, tenant, id] = v as unknown[];
        if (typeof server === 'string' && typeof tenant === 'string' && typeof id === 'string') {
          return { server, tenant, id };
        }
      }
      return undefined;
    },
  };
}
