/** A loaded catalogue revision, recorded on every (re)load. */
export interface CatalogRevision {
  id: number;
  loadedAt: Date;
  configFile: string;
  /** SHA-256 of the config text (never the text itself: it may hold secrets). */
  configHash: string;
  toolCount: number;
}

export interface NewCatalogRevision {
  configFile: string;
  configHash: string;
  toolCount: number;
}

/** A tenant: the unit of isolation. Every credential belongs to exactly one. */
export interface Tenant {
  /** Stable slug, e.g. `acme` (lower-case letters, digits, `-`, `_`). */
  id: string;
  name: string;
  createdAt: Date;
}

/** A stored `mcp_` token. Only the SHA-256 hash of the secret is ever stored. */
export interface TokenRecord {
  /** Public id, e.g. `tok_3f9a…` (safe to show and log). */
  id: string;
  tenantId: string;
  label: string;
  /** First characters of the secret for display, e.g. `mcp_4fG7k2`. */
  prefix: string;
  /** Lower-case hex SHA-256 of the whole secret. */
  hash: string;
  scopes: string[];
  /** Views the token may use; null = every view. */
  views: string[] | null;
  /** Per-token rate limit override, e.g. `120/min`; null = the configured default. */
  rateLimit: string | null;
  createdAt: Date;
  /** null = never expires. */
  expiresAt: Date | null;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
}

/** What {@link Store.insertToken} takes. */
export type NewTokenRecord = Omit<TokenRecord, 'revokedAt' | 'lastUsedAt'>;

/** An encrypted secret (AES-256-GCM), all parts base64. */
export interface SealedSecret {
  ciphertext: string;
  iv: string;
  tag: string;
}

/** Listing entry of a tenant's upstream credential (never the value). */
export interface TenantSecretInfo {
  tenantId: string;
  system: string;
  updatedAt: Date;
}

/** How one audited request ended. */
export type AuditOutcome =
  | 'ok'
  | 'tool_error'
  | 'invalid_arguments'
  | 'denied'
  | 'limited'
  | 'upstream_error'
  | 'error';

/** One audited tools/list or tools/call. */
export interface AuditRow {
  at: Date;
  tenantId: string | null;
  tokenId: string | null;
  view: string;
  /** `tools/list` or `tools/call`. */
  method: string;
  /** Published tool name (tools/call only). */
  tool: string | null;
  outcome: AuditOutcome;
  upstreamStatus: number | null;
  durationMs: number;
  /** Correlation id (`x-request-id`). */
  requestId: string;
  /** Argument names (values are not kept unless configured for the tool). */
  argKeys: string[];
  /** Argument values, only for tools configured to keep them; null otherwise. */
  args: Record<string, unknown> | null;
}

/** A stored audit row. */
export interface StoredAuditRow extends AuditRow {
  id: number;
}

/** Filters of {@link Store.queryAudit}; all optional, combined with AND. */
export interface AuditFilter {
  tenantId?: string;
  tool?: string;
  outcome?: AuditOutcome;
  /** Rows at or after this time. */
  since?: Date;
  /** Rows before this time. */
  until?: Date;
  /** Newest first; default 100, at most 10,000. */
  limit?: number;
}

/**
 * Persistence behind Portico. One interface, several implementations (SQLite now; PostgreSQL
 * for scale-out), all run against the same contract test suite. Callers never see SQL.
 */
export interface Store {
  /** Which implementation this is (`sqlite`, `postgres`). */
  readonly kind: string;
  /** Apply pending migrations; idempotent. */
  migrate(): Promise<void>;
  /** Record a catalogue revision and return it with its id. */
  recordCatalogRevision(rev: NewCatalogRevision): Promise<CatalogRevision>;
  /** Most recent revisions first. */
  listCatalogRevisions(limit?: number): Promise<CatalogRevision[]>;
  /** Read a setting (small key/value state such as the instance id). */
  getSetting(key: string): Promise<string | undefined>;
  setSetting(key: string, value: string): Promise<void>;

  /** Create a tenant; throws `conflict` when the id exists. */
  createTenant(t: { id: string; name: string }): Promise<Tenant>;
  getTenant(id: string): Promise<Tenant | undefined>;
  /** Every tenant, ordered by id. */
  listTenants(): Promise<Tenant[]>;

  /** Store a new token; throws `not_found` when the tenant does not exist, `conflict` on a duplicate id/hash. */
  insertToken(t: NewTokenRecord): Promise<TokenRecord>;
  /** The token whose secret hashes to `hash` (revoked and expired included: the caller decides). */
  findTokenByHash(hash: string): Promise<TokenRecord | undefined>;
  getToken(id: string): Promise<TokenRecord | undefined>;
  /** Tokens, newest first, optionally of one tenant. */
  listTokens(filter?: { tenantId?: string }): Promise<TokenRecord[]>;
  /** Mark revoked (idempotent: keeps the first revocation time); undefined when no such token. */
  revokeToken(id: string, at: Date): Promise<TokenRecord | undefined>;
  /** Record last use of several tokens in one write (coalesced by the caller). */
  touchTokens(uses: Array<{ id: string; at: Date }>): Promise<void>;

  /** Insert or replace a tenant's encrypted credential for one system. */
  putTenantSecret(tenantId: string, system: string, sealed: SealedSecret): Promise<void>;
  getTenantSecret(tenantId: string, system: string): Promise<SealedSecret | undefined>;
  listTenantSecrets(tenantId: string): Promise<TenantSecretInfo[]>;
  /** True when a secret was deleted. */
  deleteTenantSecret(tenantId: string, system: string): Promise<boolean>;

  /** Append audit rows in one transaction. */
  appendAudit(rows: AuditRow[]): Promise<void>;
  /** Audit rows matching the filter, newest first. */
  queryAudit(filter?: AuditFilter): Promise<StoredAuditRow[]>;
  /** Delete rows older than `before`; returns how many. */
  pruneAudit(before: Date): Promise<number>;

  /** Cheap liveness probe. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}
