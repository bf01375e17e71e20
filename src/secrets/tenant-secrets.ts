import { isPorticoError, PorticoError } from '../errors/index.js';
import type { Store, TenantSecretInfo } from '../store/types.js';
import type { SecretBox } from './secret-box.js';

/** The additional data binding a sealed secret to its tenant and system. */
export function secretAad(tenantId: string, system: string): string {
  return `${tenantId}\u0000${system}`;
}

/**
 * Tenants' upstream credentials, encrypted at rest through the store. Decrypted values are cached
 * only while the store's {@link Store.secretsStamp} is unchanged (SQLite: nothing committed by
 * another connection, no secret written here), so a change made by another process (the CLI)
 * still applies on the next call; a store that cannot tell (PostgreSQL) is read on every call.
 */
export class TenantSecrets {
  private readonly store: Store;
  private readonly box: SecretBox;
  /** Decrypted credentials (null: none stored) by tenant and system, valid for {@link cacheStamp}. */
  private readonly cache = new Map<string, string | null>();
  private cacheStamp: string | undefined;

  constructor(store: Store, box: SecretBox) {
    this.store = store;
    this.box = box;
  }

  /** Store (or replace) a tenant's credential for `system`: `not_found` for an unknown tenant, `invalid_input` for an empty value. */
  async set(tenantId: string, system: string, value: string): Promise<void> {
    checkSystem(system);
    if (typeof value !== 'string' || value.trim() === '') {
      throw new PorticoError(
        'invalid_input',
        `The secret for tenant "${tenantId}", system "${system}" is empty: give the credential value.`,
        { tenantId, system },
      );
    }
    if ((await this.store.getTenant(tenantId)) === undefined) {
      throw new PorticoError(
        'not_found',
        `Unknown tenant "${tenantId}": create it first (portico tenants create ${tenantId}).`,
        { tenantId },
      );
    }
    await this.store.putTenantSecret(tenantId, system, this.box.seal(value, secretAad(tenantId, system)));
  }

  /** The decrypted credential, or undefined when none is stored. */
  async get(tenantId: string, system: string): Promise<string | undefined> {
    const stamp = this.store.secretsStamp?.();
    const key = secretAad(tenantId, system);
    if (stamp !== undefined) {
      if (stamp !== this.cacheStamp) {
        this.cache.clear();
        this.cacheStamp = stamp;
      }
      const hit = this.cache.get(key);
      if (hit !== undefined) return hit ?? undefined;
    }
    const value = await this.read(tenantId, system);
    // Cached only if nothing changed while it was read.
    if (stamp !== undefined && this.store.secretsStamp?.() === stamp && this.cacheStamp === stamp) {
      this.cache.set(key, value ?? null);
    }
    return value;
  }

  private async read(tenantId: string, system: string): Promise<string | undefined> {
    const sealed = await this.store.getTenantSecret(tenantId, system);
    if (sealed === undefined) return undefined;
    try {
      return this.box.open(sealed, secretAad(tenantId, system));
    } catch (err) {
      if (!isPorticoError(err, 'secret_key_invalid')) throw err;
      throw new PorticoError(
        'secret_key_invalid',
        `cannot decrypt the stored secret of tenant "${tenantId}" for system "${system}" (was PORTICO_SECRET_KEY changed?): ` +
          'it was sealed with another key, or the data was altered. Restore the original key (PORTICO_SECRET_KEY or <data dir>/secret.key), or set the secret again.',
        { tenantId, system },
      );
    }
  }

  /** The tenant's stored credentials (names and update times, never values). */
  list(tenantId: string): Promise<TenantSecretInfo[]> {
    return this.store.listTenantSecrets(tenantId);
  }

  /** True when a credential was deleted. */
  delete(tenantId: string, system: string): Promise<boolean> {
    return this.store.deleteTenantSecret(tenantId, system);
  }
}

function checkSystem(system: string): void {
  if (
    typeof system !== 'string' ||
    system.trim() === '' ||
    system.length > 200 ||
    system.includes('\u0000')
  ) {
    throw new PorticoError(
      'invalid_input',
      `Invalid system name "${String(system)}": use the system's name from portico.yaml.`,
      {
        field: 'system',
      },
    );
  }
}
