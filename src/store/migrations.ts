import {
  type ColumnDefinitionBuilder,
  type Kysely,
  type Migration,
  type MigrationProvider,
  PostgresAdapter,
  sql,
} from 'kysely';

/**
 * An auto-numbered integer primary key, spelled for the dialect: `integer primary key
 * autoincrement` on SQLite, an identity column on PostgreSQL (which has no `autoincrement`).
 */
function autoId(db: Kysely<unknown>): (c: ColumnDefinitionBuilder) => ColumnDefinitionBuilder {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  return postgres
    ? (c) => c.primaryKey().generatedByDefaultAsIdentity()
    : (c) => c.primaryKey().autoIncrement();
}

/**
 * Ordered migrations, written once for every SQL dialect Kysely supports here. Portable column
 * types only: dates are ISO-8601 text (sorts chronologically), JSON values are text.
 */
export const MIGRATIONS: Record<string, Migration> = {
  '0001_initial': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('catalog_revisions')
        .ifNotExists()
        .addColumn('id', 'integer', autoId(db))
        .addColumn('loaded_at', 'text', (c) => c.notNull())
        .addColumn('config_file', 'text', (c) => c.notNull())
        .addColumn('config_hash', 'text', (c) => c.notNull())
        .addColumn('tool_count', 'integer', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('settings')
        .ifNotExists()
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('value', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull().defaultTo(sql`CURRENT_TIMESTAMP`))
        .execute();
    },
  },
  '0002_tenants_tokens_audit': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('tenants')
        .ifNotExists()
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('tokens')
        .ifNotExists()
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
        .addColumn('label', 'text', (c) => c.notNull())
        .addColumn('prefix', 'text', (c) => c.notNull())
        .addColumn('hash', 'text', (c) => c.notNull())
        .addColumn('scopes', 'text', (c) => c.notNull())
        .addColumn('views', 'text')
        .addColumn('rate_limit', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text')
        .addColumn('revoked_at', 'text')
        .addColumn('last_used_at', 'text')
        .execute();
      await db.schema
        .createIndex('tokens_hash_uq')
        .ifNotExists()
        .unique()
        .on('tokens')
        .column('hash')
        .execute();
      await db.schema
        .createIndex('tokens_tenant_idx')
        .ifNotExists()
        .on('tokens')
        .column('tenant_id')
        .execute();

      await db.schema
        .createTable('tenant_secrets')
        .ifNotExists()
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('system', 'text', (c) => c.notNull())
        .addColumn('ciphertext', 'text', (c) => c.notNull())
        .addColumn('iv', 'text', (c) => c.notNull())
        .addColumn('tag', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('tenant_secrets_pk', ['tenant_id', 'system'])
        .execute();

      await db.schema
        .createTable('audit_log')
        .ifNotExists()
        .addColumn('id', 'integer', autoId(db))
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('tenant_id', 'text')
        .addColumn('token_id', 'text')
        .addColumn('view', 'text', (c) => c.notNull())
        .addColumn('method', 'text', (c) => c.notNull())
        .addColumn('tool', 'text')
        .addColumn('outcome', 'text', (c) => c.notNull())
        .addColumn('upstream_status', 'integer')
        .addColumn('duration_ms', 'double precision', (c) => c.notNull())
        .addColumn('request_id', 'text', (c) => c.notNull())
        .addColumn('arg_keys', 'text', (c) => c.notNull())
        .addColumn('args', 'text')
        .execute();
      await db.schema.createIndex('audit_log_at_idx').ifNotExists().on('audit_log').column('at').execute();
      await db.schema
        .createIndex('audit_log_tenant_at_idx')
        .ifNotExists()
        .on('audit_log')
        .columns(['tenant_id', 'at'])
        .execute();
      await db.schema
        .createIndex('audit_log_tool_at_idx')
        .ifNotExists()
        .on('audit_log')
        .columns(['tool', 'at'])
        .execute();
    },
  },
  '0003_oauth': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('oauth_users')
        .ifNotExists()
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
        .addColumn('email', 'text', (c) => c.notNull())
        .addColumn('password_hash', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema
        .createIndex('oauth_users_email_uq')
        .ifNotExists()
        .unique()
        .on('oauth_users')
        .column('email')
        .execute();
      await db.schema
        .createIndex('oauth_users_tenant_idx')
        .ifNotExists()
        .on('oauth_users')
        .column('tenant_id')
        .execute();

      await db.schema
        .createTable('oauth_clients')
        .ifNotExists()
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('redirect_uris', 'text', (c) => c.notNull())
        .addColumn('token_endpoint_auth_method', 'text', (c) => c.notNull())
        .addColumn('secret_hash', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('oauth_grants')
        .ifNotExists()
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
        .addColumn('user_id', 'text', (c) => c.notNull().references('oauth_users.id'))
        .addColumn('client_id', 'text', (c) => c.notNull())
        .addColumn('client_name', 'text', (c) => c.notNull())
        .addColumn('scopes', 'text', (c) => c.notNull())
        .addColumn('resource', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('revoked_at', 'text')
        .execute();
      await db.schema
        .createIndex('oauth_grants_tenant_idx')
        .ifNotExists()
        .on('oauth_grants')
        .column('tenant_id')
        .execute();
      await db.schema
        .createIndex('oauth_grants_user_idx')
        .ifNotExists()
        .on('oauth_grants')
        .column('user_id')
        .execute();

      await db.schema
        .createTable('oauth_codes')
        .ifNotExists()
        .addColumn('hash', 'text', (c) => c.primaryKey())
        .addColumn('grant_id', 'text', (c) => c.notNull().references('oauth_grants.id'))
        .addColumn('client_id', 'text', (c) => c.notNull())
        .addColumn('redirect_uri', 'text', (c) => c.notNull())
        .addColumn('code_challenge', 'text', (c) => c.notNull())
        .addColumn('resource', 'text', (c) => c.notNull())
        .addColumn('scopes', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .addColumn('used_at', 'text')
        .execute();

      await db.schema
        .createTable('oauth_refresh_tokens')
        .ifNotExists()
        .addColumn('hash', 'text', (c) => c.primaryKey())
        .addColumn('grant_id', 'text', (c) => c.notNull().references('oauth_grants.id'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .addColumn('used_at', 'text')
        .execute();
      await db.schema
        .createIndex('oauth_refresh_grant_idx')
        .ifNotExists()
        .on('oauth_refresh_tokens')
        .column('grant_id')
        .execute();
    },
  },
  '0006_console': {
    async up(db: Kysely<unknown>) {
      // Console roles (member: own tokens and grants; admin: the tenant's; operator: every tenant's).
      await db.schema
        .alterTable('oauth_users')
        .addColumn('role', 'text', (c) => c.notNull().defaultTo('member'))
        .execute();
      // Who created a token in the console (members see and revoke only their own).
      await db.schema.alterTable('tokens').addColumn('user_id', 'text').execute();
      await db.schema.createIndex('tokens_user_idx').ifNotExists().on('tokens').column('user_id').execute();
    },
  },
  '0007_cluster_client_metadata': {
    async up(db: Kysely<unknown>) {
      // Client ID Metadata Documents fetched by any replica, shared until they expire.
      await db.schema
        .createTable('oauth_client_metadata')
        .ifNotExists()
        .addColumn('url', 'text', (c) => c.primaryKey())
        .addColumn('document', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .execute();
    },
  },
};

/** Kysely migration provider over {@link MIGRATIONS}. */
export const migrationProvider: MigrationProvider = {
  getMigrations: async () => MIGRATIONS,
};
