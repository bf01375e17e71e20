import { type Kysely, Migrator } from 'kysely';
import { PorticoError } from '../errors/index.js';
import { migrationProvider } from './migrations.js';
import type { Database } from './schema.js';
import type { CatalogRevision, NewCatalogRevision, Store } from './types.js';

/** Store over any Kysely dialect; the SQLite and PostgreSQL stores differ only in connection. */
export class SqlStore implements Store {
  constructor(
    readonly kind: string,
    protected readonly db: Kysely<Database>,
  ) {}

  async migrate(): Promise<void> {
    const migrator = new Migrator({ db: this.db, provider: migrationProvider });
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
