import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { PorticoError } from '../errors/index.js';
import type { SealedSecret } from '../store/types.js';

const ALGORITHM = 'aes-256-gcm';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * AES-256-GCM with a random 12-byte IV per seal and a 16-byte tag. `aad` binds a ciphertext to
 * its owner (e.g. `${tenantId}\u0000${system}`), so it cannot be moved to another row.
 */
export class SecretBox {
  private readonly key: Buffer;

  constructor(key: Buffer) {
    if (!Buffer.isBuffer(key) || key.length !== 32) {
      throw new PorticoError(
        'secret_key_invalid',
        `The secret key must be 32 bytes (got ${Buffer.isBuffer(key) ? key.length : typeof key}); set PORTICO_SECRET_KEY to 32 bytes as base64 or 64 hex characters.`,
      );
    }
    this.key = Buffer.from(key);
  }

  /** Encrypt `plaintext` bound to `aad`. */
  seal(plaintext: string, aad: string): SealedSecret {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(ALGORITHM, this.key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(Buffer.from(aad, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return {
      ciphertext: ciphertext.toString('base64'),
      iv: iv.toString('base64'),
      tag: cipher.getAuthTag().toString('base64'),
    };
  }

  /** Decrypt; a wrong key or `aad`, or tampered data → `secret_key_invalid` (never the plaintext). */
  open(sealed: SealedSecret, aad: string): string {
    try {
      const iv = Buffer.from(sealed.iv, 'base64');
      const tag = Buffer.from(sealed.tag, 'base64');
      if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw new Error('bad iv or tag length');
      const decipher = createDecipheriv(ALGORITHM, this.key, iv, { authTagLength: TAG_BYTES });
      decipher.setAAD(Buffer.from(aad, 'utf8'));
      decipher.setAuthTag(tag);
      const plain = Buffer.concat([
        decipher.update(Buffer.from(sealed.ciphertext, 'base64')),
        decipher.final(),
      ]);
      return plain.toString('utf8');
    } catch {
      throw new PorticoError(
        'secret_key_invalid',
        'cannot decrypt a stored secret (was PORTICO_SECRET_KEY changed?): the key does not match the one it was sealed with, or the data was altered. Restore the original key (PORTICO_SECRET_KEY or <data dir>/secret.key), or set the secret again.',
      );
    }
  }
}
