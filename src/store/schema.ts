import type { Generated } from 'kysely';

/** Kysely table types shared by the SQL implementations (dates are ISO-8601 text, JSON is text). */
export interface Database {
  catalog_revisions: {
    id: Generated<number>;
    loaded_at: string;
    config_file: string;
    config_hash: string;
    tool_count: number;
  };
  settings: {
    key: string;
    value: string;
    updated_at: string;
  };
  tenants: TenantsTable;
  tokens: TokensTable;
  tenant_secrets: TenantSecretsTable;
  audit_log: AuditLogTable;
  oauth_users: OAuthUsersTable;
  oauth_clients: OAuthClientsTable;
  oauth_grants: OAuthGrantsTable;
  oauth_codes: OAuthCodesTable;
  oauth_refresh_tokens: OAuthRefreshTable;
  oauth_client_metadata: OAuthClientMetadataTable;
}

export interface OAuthClientMetadataTable {
  url: string;
  /** The validated client, as JSON. */
  document: string;
  expires_at: string;
}

export interface TenantsTable {
  id: string;
  name: string;
  created_at: string;
}

export interface TokensTable {
  id: string;
  tenant_id: string;
  label: string;
  prefix: string;
  hash: string;
  /** JSON array of strings. */
  scopes: string;
  /** JSON array of strings, or null for every view. */
  views: string | null;
  rate_limit: string | null;
  /** Added by `0006_console`: the console user who created the token. */
  user_id: string | null;
  created_at: string;
  expires_at: string | null;
  revoked_at: string | null;
  last_used_at: string | null;
}

export interface TenantSecretsTable {
  tenant_id: string;
  system: string;
  ciphertext: string;
  iv: string;
  tag: string;
  updated_at: string;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: string;
  tenant_id: string | null;
  token_id: string | null;
  view: string;
  method: string;
  tool: string | null;
  outcome: string;
  upstream_status: number | null;
  duration_ms: number;
  request_id: string;
  /** JSON array of argument names. */
  arg_keys: string;
  /** JSON object of argument values, or null when not recorded. */
  args: string | null;
}

export interface OAuthUsersTable {
  id: string;
  tenant_id: string;
  email: string;
  password_hash: string;
  created_at: string;
  /** 0 or 1. */
  disabled: number;
  /** Added by `0006_console`: `member`, `admin` or `operator`. */
  role: string;
}

export interface OAuthClientsTable {
  id: string;
  name: string;
  /** JSON array of strings. */
  redirect_uris: string;
  token_endpoint_auth_method: string;
  secret_hash: string | null;
  created_at: string;
}

export interface OAuthGrantsTable {
  id: string;
  tenant_id: string;
  user_id: string;
  client_id: string;
  client_name: string;
  /** JSON array of strings. */
  scopes: string;
  resource: string;
  created_at: string;
  revoked_at: string | null;
}

export interface OAuthCodesTable {
  hash: string;
  grant_id: string;
  client_id: string;
  redirect_uri: string;
  code_challenge: string;
  resource: string;
  /** JSON array of strings. */
  scopes: string;
  expires_at: string;
  used_at: string | null;
}

export interface OAuthRefreshTable {
  hash: string;
  grant_id: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}
