import { createHmac } from 'node:crypto';
import { PorticoError } from '../errors/index.js';
import type { Store } from '../store/index.js';

const SETTING = 'secret_key_check';
const LABEL = 'portico secret key check v1';

/** A value derived from the key (HMAC-SHA256 of a fixed label): proves which key, reveals nothing of it. */
export function keyCheckValue(key: Buffer): string {
  return createHmac('sha256', key).update(LABEL).digest('hex');
}

/**
 * On a shared database: record the key's check value on first start, and refuse to run with any
 * other key afterwards (tenant secrets and OAuth signing keys sealed with the first key would be
 * unreadable, and replicas would disagree).
 */
export async function verifySecretKey(store: Store, key: Buffer, source: 'env' | 'file'): Promise<void> {
  const mine = keyCheckValue(key);
  const stored = await store.setSettingIfAbsent(SETTING, mine);
  if (stored === mine) return;
  const from =
    source === 'env' ? 'PORTICO_SECRET_KEY' : 'the key file in the data dir (PORTICO_SECRET_KEY is not set)';
  throw new PorticoError(
    'secret_key_invalid',
    `The secret key from ${from} is not the key this ${store.kind} database was initialised with, so stored credentials and signing keys cannot be opened. Set PORTICO_SECRET_KEY to the same value on every replica and wherever the CLI runs.`,
    { source },
  );
}
