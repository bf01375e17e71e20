import { randomBytes } from 'node:crypto';
import type { Store } from '../store/index.js';

/** The secret that signs session ids, shared by every replica on the same store. */
export async function sessionSecret(store: Store): Promise<Buffer> {
  const existing = await store.getSetting('session_secret');
  if (existing !== undefined) return Buffer.from(existing, 'hex');
  const secret = randomBytes(32);
  await store.setSetting('session_secret', secret.toString('hex'));
  return secret;
}
