import { type Kysely, Migrator } from 'kysely';
import { PorticoError } from '../errors/index.js';
import { migrationProvider } from './migrations.js';
import type { Database } from './schema.js';
import * as audit from './sql-audit.js';
import * as oauth from './sql-oauth.js';
import * as tenants from './sql-tenants.js';
import * as tokens from './sql-tokens.js';
import type {
  AuditFilter,
  AuditRow,
  CatalogRevision,
  ConsumeResult,
  NewCatalogRevision,
  NewOAuthGrant,
  NewOAuthUser,
  NewTokenRecord,
  OAuthClientRecord,
  OAuthCodeRecord,
  OAuthGrant,
  OAuthRefreshRecord,
  OAuthUser,
  SealedSecret,
  Store,
  StoredAuditRow,
  Tenant,
  TenantSecretInfo,
  TokenRecord,
  UserRole,
} from './types.js';

/** Store over any Kysely dialect; the SQLite and PostgreSQL stores differ only in connection. */
export class SqlStore implements Store {
  /** Token inserts/revocations made through this store (part of {@link tokensStamp}). */
  private tokenWrites = 0;
  /** Tenant-secret writes made through this store (part of {@link secretsStamp}). */
  private secretWrites = 0;

  /**
   * @param externalVersion a synchronous counter that changes when another connection commits
   * (SQLite's `PRAGMA data_version`); without one, {@link tokensStamp} is undefined.
   */
  constructor(
    readonly kind: string,
    protected readonly db: Kysely<Database>,
    private readonly externalVersion?: () => number,
    /** PostgreSQL: the schema the migration bookkeeping tables live in (default: the search path). */
    private readonly migrationSchema?: string,
    /**
     * SQLite: append audit rows synchronously with a prepared statement, in one transaction;
     * returns false (nothing written) when it cannot run now, e.g. inside a Kysely transaction.
     */
    private readonly appendAuditNow?: (rows: AuditRow[]) => boolean,
  ) {}

  tokensStamp(): string | undefined {
    return this.externalVersion === undefined ? undefined : `${this.externalVersion()}:${this.tokenWrites}`;
  }

  secretsStamp(): string | undefined {
    return this.externalVersion === undefined ? undefined : `${this.externalVersion()}:${this.secretWrites}`;
  }

  async migrate(): Promise<void> {
    const migrator = new Migrator({
      db: this.db,
      provider: migrationProvider,
      ...(this.migrationSchema !== undefined ? { migrationTableSchema: this.migrationSchema } : {}),
    });
    const { error } = await migrator.migrateToLatest();
    if (error !== undefined) {
      throw new PorticoError('store_error', `Database migration failed: ${String(error)}`, undefined, {
        cause: error,
      });
    }
  }

  async recordCatalogRevision(rev: NewCatalogRevision): Promise<CatalogRevision> {
    const loadedAt = new Date();
    const row = await this.db
      .insertInto('catalog_revisions')
      .values({
        loaded_at: loadedAt.toISOString(),
        config_file: rev.configFile,
        config_hash: rev.configHash,
        tool_count: rev.toolCount,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { id: Number(row.id), loadedAt, ...rev };
  }

  async listCatalogRevisions(limit = 20): Promise<CatalogRevision[]> {
    const rows = await this.db
      .selectFrom('catalog_revisions')
      .selectAll()
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
    return rows.map((r) => ({
      id: Number(r.id),
      loadedAt: new Date(r.loaded_at),
      configFile: r.config_file,
      configHash: r.config_hash,
      toolCount: Number(r.tool_count),
    }));
  }

  async getSetting(key: string): Promise<string | undefined> {
    const row = await this.db
      .selectFrom('settings')
      .select('value')
      .where('key', '=', key)
      .executeTakeFirst();
    return row?.value;
  }

  async setSetting(key: string, value: string): Promise<void> {
    const updated_at = new Date().toISOString();
    await this.db
      .insertInto('settings')
      .values({ key, value, updated_at })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at }))
      .execute();
  }

  async setSettingIfAbsent(key: string, value: string): Promise<string> {
    await this.db
      .insertInto('settings')
      .values({ key, value, updated_at: new Date().toISOString() })
      .onConflict((oc) => oc.column('key').doNothing())
      .execute();
    return (await this.getSetting(key)) ?? value;
  }

  createTenant(t: { id: string; name: string }): Promise<Tenant> {
    return tenants.createTenant(this.db, t);
  }

  getTenant(id: string): Promise<Tenant | undefined> {
    return tenants.getTenant(this.db, id);
  }

  listTenants(): Promise<Tenant[]> {
    return tenants.listTenants(this.db);
  }

  insertToken(t: NewTokenRecord): Promise<TokenRecord> {
    this.tokenWrites++;
    return tokens.insertToken(this.db, t);
  }

  findTokenByHash(hash: string): Promise<TokenRecord | undefined> {
    return tokens.findTokenByHash(this.db, hash);
  }

  getToken(id: string): Promise<TokenRecord | undefined> {
    return tokens.getToken(this.db, id);
  }

  listTokens(filter?: { tenantId?: string; userId?: string }): Promise<TokenRecord[]> {
    return tokens.listTokens(this.db, filter);
  }

  async revokeToken(id: string, at: Date): Promise<TokenRecord | undefined> {
    try {
      return await tokens.revokeToken(this.db, id, at);
    } finally {
      this.tokenWrites++;
    }
  }

  touchTokens(uses: Array<{ id: string; at: Date }>): Promise<void> {
    return tokens.touchTokens(this.db, uses);
  }

  async putTenantSecret(tenantId: string, system: string, sealed: SealedSecret): Promise<void> {
    try {
      await tenants.putTenantSecret(this.db, tenantId, system, sealed);
    } finally {
      this.secretWrites++;
    }
  }

  getTenantSecret(tenantId: string, system: string): Promise<SealedSecret | undefined> {
    return tenants.getTenantSecret(this.db, tenantId, system);
  }

  listTenantSecrets(tenantId: string): Promise<TenantSecretInfo[]> {
    return tenants.listTenantSecrets(this.db, tenantId);
  }

  async deleteTenantSecret(tenantId: string, system: string): Promise<boolean> {
    try {
      return await tenants.deleteTenantSecret(this.db, tenantId, system);
    } finally {
      this.secretWrites++;
    }
  }

  appendAudit(rows: AuditRow[]): Promise<void> {
    if (this.appendAuditNow !== undefined && rows.length > 0) {
      try {
        if (this.appendAuditNow(rows)) return Promise.resolve();
      } catch (err) {
        return Promise.reject(err);
      }
    }
    return audit.appendAudit(this.db, rows);
  }

  queryAudit(filter?: AuditFilter): Promise<StoredAuditRow[]> {
    return audit.queryAudit(this.db, filter);
  }

  pruneAudit(before: Date): Promise<number> {
    return audit.pruneAudit(this.db, before);
  }

  insertOAuthUser(u: NewOAuthUser): Promise<OAuthUser> {
    return oauth.insertOAuthUser(this.db, u);
  }

  findOAuthUserByEmail(email: string): Promise<OAuthUser | undefined> {
    return oauth.findOAuthUserByEmail(this.db, email);
  }

  getOAuthUser(id: string): Promise<OAuthUser | undefined> {
    return oauth.getOAuthUser(this.db, id);
  }

  listOAuthUsers(filter?: { tenantId?: string }): Promise<OAuthUser[]> {
    return oauth.listOAuthUsers(this.db, filter);
  }

  setOAuthUserDisabled(id: string, disabled: boolean): Promise<OAuthUser | undefined> {
    return oauth.setOAuthUserDisabled(this.db, id, disabled);
  }

  setOAuthUserRole(id: string, role: UserRole): Promise<OAuthUser | undefined> {
    return oauth.setOAuthUserRole(this.db, id, role);
  }

  setOAuthUserPassword(id: string, passwordHash: string): Promise<OAuthUser | undefined> {
    return oauth.setOAuthUserPassword(this.db, id, passwordHash);
  }

  insertOAuthClient(c: OAuthClientRecord): Promise<OAuthClientRecord> {
    return oauth.insertOAuthClient(this.db, c);
  }

  getOAuthClient(id: string): Promise<OAuthClientRecord | undefined> {
    return oauth.getOAuthClient(this.db, id);
  }

  insertOAuthGrant(g: NewOAuthGrant): Promise<OAuthGrant> {
    return oauth.insertOAuthGrant(this.db, g);
  }

  getOAuthGrant(id: string): Promise<OAuthGrant | undefined> {
    return oauth.getOAuthGrant(this.db, id);
  }

  listOAuthGrants(filter?: { tenantId?: string; userId?: string }): Promise<OAuthGrant[]> {
    return oauth.listOAuthGrants(this.db, filter);
  }

  revokeOAuthGrant(id: string, at: Date): Promise<OAuthGrant | undefined> {
    return oauth.revokeOAuthGrant(this.db, id, at);
  }

  insertOAuthCode(c: Omit<OAuthCodeRecord, 'usedAt'>): Promise<void> {
    return oauth.insertOAuthCode(this.db, c);
  }

  consumeOAuthCode(hash: string, at: Date): Promise<ConsumeResult<OAuthCodeRecord> | undefined> {
    return oauth.consumeOAuthCode(this.db, hash, at);
  }

  insertOAuthRefresh(r: Omit<OAuthRefreshRecord, 'usedAt'>): Promise<void> {
    return oauth.insertOAuthRefresh(this.db, r);
  }

  findOAuthRefresh(hash: string): Promise<OAuthRefreshRecord | undefined> {
    return oauth.findOAuthRefresh(this.db, hash);
  }

  consumeOAuthRefresh(hash: string, at: Date): Promise<ConsumeResult<OAuthRefreshRecord> | undefined> {
    return oauth.consumeOAuthRefresh(this.db, hash, at);
  }

  getClientMetadata(url: string, now: Date): Promise<string | undefined> {
    return oauth.getClientMetadata(this.db, url, now);
  }

  putClientMetadata(url: string, document: string, expiresAt: Date): Promise<void> {
    return oauth.putClientMetadata(this.db, url, document, expiresAt);
  }

  async ping(): Promise<boolean> {
    const row = await this.db
      .selectFrom('settings')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirst();
    return row !== undefined;
  }

  async close(): Promise<void> {
    await this.db.destroy();
  }
}
