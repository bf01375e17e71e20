import { randomBytes } from 'node:crypto';
import { createSessionIds, createTaskIds, type SessionIds } from '../http/index.js';
import type { Store } from '../store/index.js';

/**
 * The secret that signs session ids, shared by every replica on the same store (the first replica
 * to start stores it; the others read the same one).
 */
export async function sessionSecret(store: Store): Promise<Buffer> {
  const stored = await store.setSettingIfAbsent('session_secret', randomBytes(32).toString('hex'));
  return Buffer.from(stored, 'hex');
}

/** Session ids and task ids, signed with keys from the shared {@link sessionSecret}. */
export async function signedIds(
  store: Store,
): Promise<{ sessions: SessionIds; taskIds: ReturnType<typeof createTaskIds> }> {
  const secret = await sessionSecret(store);
  return { sessions: createSessionIds(secret), taskIds: createTaskIds(secret) };
}
