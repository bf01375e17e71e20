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
  /** The console user who created it (`usr_…`); null for tokens issued by the CLI or admin API. */
  userId?: string | null;
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
  /**
   * A 2026-07-28 tools/call answered with an input-required result (its call waits for input), or
   * a 2025-11-25 one answered with a federated server's `-32042` (the user opens its URLs first).
   */
  | 'input_required'
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
  /** The credential: `tok_…`, an OAuth grant id, or a console user id. */
  tokenId?: string;
  tool?: string;
  outcome?: AuditOutcome;
  /** Rows at or after this time. */
  since?: Date;
  /** Rows before this time. */
  until?: Date;
  /** Newest first; default 100, at most 10,000. */
  limit?: number;
  /** Skip this many rows first (paging). */
  offset?: number;
}

/**
 * Persistence behind Portico. One interface, several implementations (SQLite now; PostgreSQL
 * for scale-out), all run against the same contract test suite. Callers never see SQL.
 */
export interface Store extends OAuthStore {
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
  /**
   * Store `value` under `key` unless the key already has one; returns the value that is stored
   * afterwards (this one, or the one a concurrent writer, e.g. another replica, stored first).
   */
  setSettingIfAbsent(key: string, value: string): Promise<string>;

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
  /** Tokens, newest first, optionally of one tenant and/or created by one user. */
  listTokens(filter?: { tenantId?: string; userId?: string }): Promise<TokenRecord[]>;
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
  /**
   * A cheap, synchronous stamp that changes whenever tokens may have changed — a token inserted or
   * revoked through this store, or anything committed to the database by another connection or
   * process (e.g. `portico tokens revoke`). Lets callers cache token lookups safely; undefined when
   * the implementation cannot tell at once (PostgreSQL: another replica's commit is not visible
   * without a query), and then callers must not cache.
   */
  tokensStamp(): string | undefined;
  /**
   * Like {@link tokensStamp} for tenant secrets: changes on a secret written or deleted through
   * this store, or anything committed by another connection; undefined when the implementation
   * cannot tell (then callers must not cache secrets).
   */
  secretsStamp?(): string | undefined;
  close(): Promise<void>;
}

/** What a console user may do: their own things, their tenant's, or every tenant's. */
export const USER_ROLES = ['member', 'admin', 'operator'] as const;
/** One of {@link USER_ROLES}. */
export type UserRole = (typeof USER_ROLES)[number];

/** A person who signs in (built-in OAuth authorization server and the web console); belongs to one tenant. */
export interface OAuthUser {
  /** `usr_…` */
  id: string;
  tenantId: string;
  /** Lower-cased; unique across tenants. */
  email: string;
  /** `scrypt$<params>$<salt>$<hash>` (never the password). */
  passwordHash: string;
  createdAt: Date;
  disabled: boolean;
  /** Console role (default `member`). */
  role: UserRole;
}

/** What {@link Store.insertOAuthUser} takes (`role` defaults to `member`). */
export type NewOAuthUser = Omit<OAuthUser, 'role'> & { role?: UserRole };

/** An OAuth client registered dynamically (RFC 7591). Metadata-document clients are not stored. */
export interface OAuthClientRecord {
  /** `cli_…` */
  id: string;
  name: string;
  redirectUris: string[];
  /** `none` (public), `client_secret_post` or `client_secret_basic`. */
  tokenEndpointAuthMethod: string;
  /** SHA-256 hex of the client secret; null for public clients. */
  secretHash: string | null;
  createdAt: Date;
}

/** One user's consent to one client: the unit of OAuth revocation (its codes and tokens die with it). */
export interface OAuthGrant {
  /** `grt_…` (stable across refreshes; the principal's token id). */
  id: string;
  tenantId: string;
  userId: string;
  clientId: string;
  clientName: string;
  scopes: string[];
  /** The resource (RFC 8707) the grant's tokens are for. */
  resource: string;
  createdAt: Date;
  revokedAt: Date | null;
}

/** What {@link Store.insertOAuthGrant} takes. */
export type NewOAuthGrant = Omit<OAuthGrant, 'revokedAt'>;

/** A single-use authorization code (only its SHA-256 is stored). */
export interface OAuthCodeRecord {
  hash: string;
  grantId: string;
  clientId: string;
  redirectUri: string;
  /** PKCE S256 challenge. */
  codeChallenge: string;
  resource: string;
  scopes: string[];
  expiresAt: Date;
  usedAt: Date | null;
}

/** A refresh token (only its SHA-256 is stored); rotated on every use. */
export interface OAuthRefreshRecord {
  hash: string;
  grantId: string;
  createdAt: Date;
  expiresAt: Date;
  /** Set when exchanged; a second exchange is a replay. */
  usedAt: Date | null;
}

/** Result of consuming a single-use secret: the row, and whether this was its first use. */
export interface ConsumeResult<T> {
  record: T;
  /** False when the row had already been used (a replay). */
  firstUse: boolean;
}

/** The OAuth half of the store (built-in authorization server). */
export interface OAuthStore {
  /** Throws `not_found` for an unknown tenant, `conflict` when the email (or id) exists. */
  insertOAuthUser(u: NewOAuthUser): Promise<OAuthUser>;
  /** By lower-cased email. */
  findOAuthUserByEmail(email: string): Promise<OAuthUser | undefined>;
  getOAuthUser(id: string): Promise<OAuthUser | undefined>;
  /** Ordered by email. */
  listOAuthUsers(filter?: { tenantId?: string }): Promise<OAuthUser[]>;
  /** Enable or disable a user; undefined when no such user. */
  setOAuthUserDisabled(id: string, disabled: boolean): Promise<OAuthUser | undefined>;
  /** Change a user's console role; undefined when no such user. */
  setOAuthUserRole(id: string, role: UserRole): Promise<OAuthUser | undefined>;
  /** Replace a user's password hash; undefined when no such user. */
  setOAuthUserPassword(id: string, passwordHash: string): Promise<OAuthUser | undefined>;

  insertOAuthClient(c: OAuthClientRecord): Promise<OAuthClientRecord>;
  getOAuthClient(id: string): Promise<OAuthClientRecord | undefined>;

  insertOAuthGrant(g: NewOAuthGrant): Promise<OAuthGrant>;
  /** One primary-key lookup (on the hot path of every OAuth-authenticated request). */
  getOAuthGrant(id: string): Promise<OAuthGrant | undefined>;
  /** Grants, newest first, optionally of one tenant or user. */
  listOAuthGrants(filter?: { tenantId?: string; userId?: string }): Promise<OAuthGrant[]>;
  /** Mark revoked (idempotent: keeps the first time); undefined when no such grant. */
  revokeOAuthGrant(id: string, at: Date): Promise<OAuthGrant | undefined>;

  insertOAuthCode(c: Omit<OAuthCodeRecord, 'usedAt'>): Promise<void>;
  /** Atomically mark the code used; `firstUse` false when it already was. Undefined when unknown. */
  consumeOAuthCode(hash: string, at: Date): Promise<ConsumeResult<OAuthCodeRecord> | undefined>;

  insertOAuthRefresh(r: Omit<OAuthRefreshRecord, 'usedAt'>): Promise<void>;
  /** The refresh token by hash without consuming it. */
  findOAuthRefresh(hash: string): Promise<OAuthRefreshRecord | undefined>;
  /** Atomically mark the refresh token used; `firstUse` false on a replay. Undefined when unknown. */
  consumeOAuthRefresh(hash: string, at: Date): Promise<ConsumeResult<OAuthRefreshRecord> | undefined>;

  /** A cached client metadata document (JSON text) unless it expired by `now`; shared by replicas. */
  getClientMetadata(url: string, now: Date): Promise<string | undefined>;
  /** Cache a client metadata document until `expiresAt` (replacing any), dropping expired entries. */
  putClientMetadata(url: string, document: string, expiresAt: Date): Promise<void>;
}
