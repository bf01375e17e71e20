import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PorticoError } from '../errors/index.js';
import type { Logger } from '../observability/index.js';

/** Name of the key file inside the data dir. */
export const SECRET_KEY_FILE = 'secret.key';

const ENV_NAME = 'PORTICO_SECRET_KEY';
const ACCEPTED_FORMS =
  '32 bytes as base64 (44 characters, e.g. from `openssl rand -base64 32`) or as 64 hex characters (`openssl rand -hex 32`)';

/** Options of {@link loadSecretKey}. */
export interface LoadSecretKeyOptions {
  env: Record<string, string | undefined>;
  dataDir: string;
  logger?: Logger;
}

/**
 * The key that encrypts tenant secrets: from `PORTICO_SECRET_KEY` (32 bytes as base64 or 64 hex
 * characters), else from `<dataDir>/secret.key` (base64 of 32 random bytes), created on first
 * start with mode 0600. Warns when an existing key file is readable by group or others.
 */
export async function loadSecretKey(
  opts: LoadSecretKeyOptions,
): Promise<{ key: Buffer; source: 'env' | 'file'; file?: string }> {
  const fromEnv = opts.env[ENV_NAME];
  if (fromEnv !== undefined && fromEnv.trim() !== '') {
    const key = decodeKey(fromEnv);
    if (key === undefined) {
      throw new PorticoError(
        'secret_key_invalid',
        `${ENV_NAME} is not a valid key: it must be ${ACCEPTED_FORMS}. Unset it to use the key file in the data dir instead.`,
        { source: 'env' },
      );
    }
    return { key, source: 'env' };
  }
  const file = join(opts.dataDir, SECRET_KEY_FILE);
  const existing = await readKeyFile(file, opts.logger);
  if (existing !== undefined) return { key: existing, source: 'file', file };
  const key = randomBytes(32);
  try {
    await mkdir(opts.dataDir, { recursive: true, mode: 0o700 });
    await writeFile(file, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
    await chmod(file, 0o600);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') {
      // Another process created it first: use theirs.
      const theirs = await readKeyFile(file, opts.logger);
      if (theirs !== undefined) return { key: theirs, source: 'file', file };
    }
    throw new PorticoError(
      'secret_key_invalid',
      `Cannot create the secret key file ${file}: ${(err as Error).message}. Make the data dir writable (--data-dir or PORTICO_DATA_DIR), or set ${ENV_NAME}.`,
      { file },
      { cause: err },
    );
  }
  opts.logger?.info(
    { file },
    'created a new secret key for tenant credentials; back it up with the database',
  );
  return { key, source: 'file', file };
}

async function readKeyFile(file: string, logger: Logger | undefined): Promise<Buffer | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new PorticoError(
      'secret_key_invalid',
      `Cannot read the secret key file ${file}: ${(err as Error).message}. Fix its permissions, or set ${ENV_NAME}.`,
      { file },
      { cause: err },
    );
  }
  const key = decodeKey(text);
  if (key === undefined) {
    throw new PorticoError(
      'secret_key_invalid',
      `The secret key file ${file} is not a valid key: it must hold ${ACCEPTED_FORMS}. Restore it from a backup (the stored tenant secrets need the original key).`,
      { file },
    );
  }
  if (process.platform !== 'win32') {
    const mode = (await stat(file)).mode & 0o777;
    if ((mode & 0o077) !== 0) {
      logger?.warn(
        { file, mode: `0${mode.toString(8)}` },
        `the secret key file is readable by other users; restrict it with: chmod 600 ${file}`,
      );
    }
  }
  return key;
}

/** 32 bytes from base64 (standard or URL-safe, padding optional) or 64 hex characters; undefined otherwise. */
export function decodeKey(text: string): Buffer | undefined {
  const t = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(t)) return Buffer.from(t, 'hex');
  const b64 = t.replace(/=$/, '').replace(/-/g, '+').replace(/_/g, '/');
  if (!/^[A-Za-z0-9+/]{43}$/.test(b64)) return undefined;
  const key = Buffer.from(b64, 'base64');
  // Canonical encodings only (no stray bits in the last character).
  return key.length === 32 && key.toString('base64').slice(0, 43) === b64 ? key : undefined;
}
