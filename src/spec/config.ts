import type { RateSpec } from './rate.js';
import type { SurfaceKind } from './surface.js';
import type {
  HttpMethod,
  IdentityField,
  JsonSchema,
  LongRunningSpec,
  ParamLocation,
  SourceLocation,
  SystemIdentity,
  SystemSpec,
  TenantCredentialConfig,
  UpstreamSettings,
} from './upstream.js';

/**
 * The validated, normalized `portico.yaml`: every `${ENV}` interpolated, every default applied,
 * every node carrying its source location. This is the contract between `config/` (which
 * produces it) and `catalog/` (which turns it into tools, purely).
 */
export interface PorticoConfig {
  /** Absolute path of the config file. */
  file: string;
  /** Directory relative paths (OpenAPI sources) resolve against. */
  baseDir: string;
  server: ServerConfig;
  naming: NamingConfig;
  publish: PublishConfig;
  systems: SystemConfig[];
  openapi: OpenApiSourceConfig[];
  /** Federated MCP servers whose tools join the catalogue. */
  mcpServers: McpServerConfig[];
  /** The view served at `/mcp` (YAML `default_view`; default: every tool, `tools` surface). */
  defaultView: ViewConfig;
  /** Named views served at `/mcp/{name}` (YAML `views`). */
  views: ViewConfig[];
  /** YAML `auth`. */
  auth: AuthConfig;
  /** YAML `limits`. */
  limits: LimitsConfig;
  /** YAML `audit`. */
  audit: AuditConfig;
  /** YAML `oauth` (absent = `mode: off`). */
  oauth?: OAuthConfig;
  /** YAML `store` (absent = the data dir's SQLite file). */
  store?: StoreConfig;
  /** YAML `redis` (absent = limits and change events stay in this process). */
  redis?: RedisConfig;
}

/** Where tenants, tokens, audit and shared state live (YAML `store`). */
export interface StoreConfig {
  /** `postgres://…`: PostgreSQL instead of `<data dir>/portico.db` (env `PORTICO_DATABASE_URL` wins). */
  url?: string;
  /** PostgreSQL connections per replica (default 10). */
  poolSize?: number;
}

/** Shared rate-limit counters and change events between replicas (YAML `redis`). */
export interface RedisConfig {
  /** `redis://…` (env `PORTICO_REDIS_URL` wins). */
  url?: string;
  /** Prefix of every Redis key and channel (default `portico:`). */
  keyPrefix?: string;
}

/** OAuth 2.1 sign-in for MCP clients (YAML `oauth`). */
export interface OAuthConfig {
  /** `off` (default): only `mcp_` tokens; `builtin`: Portico is the authorization server; `external`: an IdP's JWTs. */
  mode: 'off' | 'builtin' | 'external';
  /** Access token lifetime in seconds (default 900). */
  accessTokenTtlSec: number;
  /** Refresh token lifetime in seconds (default 30 days). */
  refreshTokenTtlSec: number;
  /** Accept Dynamic Client Registration at `/oauth/register` (default true). */
  dynamicRegistration: boolean;
  /** Accept `http://127.0.0.1`/`localhost` client metadata document URLs (tests and local development only). */
  allowInsecureClientMetadata: boolean;
  /**
   * What the 401 challenge asks clients for, and what a sign-in without a `scope` parameter
   * requests (default discovery + invoke; the consent page offers each as a checkbox).
   */
  defaultScopes?: ('mcp.tools.discovery' | 'mcp.tools.invoke' | 'mcp.tools.write')[];
  /** External mode: the IdP. */
  external?: ExternalIdpConfig;
}

/** The external identity provider whose JWTs Portico accepts (YAML `oauth` with `mode: external`). */
export interface ExternalIdpConfig {
  /** Expected `iss`. */
  issuer: string;
  /** Where its signing keys are (default: `jwks_uri` of the issuer's metadata). */
  jwksUri?: string;
  /** Accepted `aud` values, any one suffices (default: the endpoint's own URL or the gateway's `/mcp` URL). */
  audiences?: string[];
  /**
   * Claim holding the tenant (default `portico_tenant`): a claim name as is (URL-named ones such as
   * `https://example.com/tenant` included), else a dotted path into nested claims (`org.id`).
   */
  tenantClaim: string;
  /** Claim value → Portico tenant id (e.g. Entra `tid` GUIDs); values not listed are used as is. */
  tenantMap: Record<string, string>;
  /**
   * Claims read for scopes, each a space-separated string or an array (default `scope`, `scp`;
   * Entra app roles: add `roles`).
   */
  scopeClaims: string[];
  /** IdP scope or role → Portico scopes (e.g. `Tools.Invoke: [mcp.tools.invoke]`); others kept as is. */
  scopeMap: Record<string, string[]>;
}

/** Caller authentication settings (YAML `auth`). */
export interface AuthConfig {
  /** Tenant that requests are attributed to in the loopback-only `--no-auth` mode (default `dev`). */
  devTenant: string;
}

/** Rate limits and quotas (YAML `limits`); a rate is `<count>/<s|min|hour|day>`, null = unlimited. */
export interface LimitsConfig {
  /** Default per-token rate (default `120/min`); a token's own `--rate-limit` overrides it. */
  token: RateSpec | null;
  /** Per-tenant rate over all its tokens (default `600/min`). */
  tenant: RateSpec | null;
  /** tools/call per tenant per UTC day (default unlimited). */
  tenantDailyQuota: number | null;
  /**
   * Failed authentications per client address before 429 (default `20/min`; null = `none`,
   * unlimited). Only failures that could be guessing count (unknown or forged credentials); a
   * valid credential is never refused.
   */
  authFailures: RateSpec | null;
  /**
   * Failed sign-ins per account (email) in a window before back-off (default `5/15min`): after
   * that, each further failure locks the account's sign-in for 1 s, 2 s, 4 s … up to the window.
   */
  accountFailures: RateSpec;
}

/** Audit trail settings (YAML `audit`). */
export interface AuditConfig {
  /** Rows older than this many days are pruned (default 30). */
  retentionDays: number;
  /** Tool-name globs whose argument values are kept (default none: only argument names). */
  recordArguments: string[];
  /** `sync` (default): a row is committed before its response is sent; `batched`: written every 200 ms. */
  durability: 'sync' | 'batched';
}

/** Publishing limits applied to every view. */
export interface PublishConfig {
  /** Descriptions longer than this are cut with an ellipsis (default 1024: OpenAI clients cut there). */
  descriptionMaxLength: number;
}

/** A view as configured (YAML `views.<name>` or `default_view`). */
export interface ViewConfig {
  name: string;
  description?: string;
  /** Name globs (default `["*"]`). */
  include: string[];
  exclude: string[];
  systems: string[];
  tags: string[];
  /** YAML `read_only`. */
  readOnly?: boolean;
  surface: SurfaceKind;
  maxTools?: number;
  source: SourceLocation;
}

/** A federated MCP server (YAML `mcp_servers.<name>`): remote Streamable HTTP or local stdio. */
export interface McpServerConfig {
  name: string;
  description?: string;
  transport:
    | { kind: 'http'; url: string; headers: Record<string, string>; bearer?: string }
    | { kind: 'stdio'; command: string; args: string[]; env: Record<string, string>; cwd?: string };
  identity: SystemIdentity;
  /** Per-call timeout (default 30000). */
  timeoutMs: number;
  /**
   * `per_tenant` (default): one child process / upstream session per tenant, started on the
   * tenant's first call; `shared`: one for every tenant (only for stateless servers).
   */
  isolation: 'per_tenant' | 'shared';
  /** `per_tenant`: most tenant instances running at once (default 20). */
  maxTenants: number;
  /** `per_tenant`: a tenant's instance is stopped after this long without calls (default 600000). */
  idleTimeoutMs: number;
  /**
   * YAML `match_caller_revision`: a server that speaks both 2025-11-25 and 2026-07-28 is reached
   * in the caller's own revision (a second connection, opened on first use; a `per_tenant` tenant
   * then has one instance per revision). Default off.
   */
  matchCallerRevision: boolean;
  /** HTTP servers: each tenant's stored secret (`portico tenants secret set <tenant> <server>`) sent in this header. */
  tenantCredential?: TenantCredentialConfig;
  /** HTTP servers: lower-cased header name → caller fact, sent on every request of a call. */
  identityHeaders: Record<string, IdentityField>;
  source: SourceLocation;
}

export interface ServerConfig {
  /** Extra allowed Origin hostnames (loopback ones are always allowed). */
  allowedOrigins: string[];
  /** Extra allowed Host hostnames (loopback ones are always allowed). */
  allowedHosts: string[];
  /**
   * Reverse proxies (addresses or CIDRs) whose `X-Forwarded-For` is believed for the client
   * address (default none: the socket peer is the client).
   */
  trustedProxies: string[];
  /** Max request body in bytes (default 1 MiB). */
  maxBodyBytes: number;
  /** Deepest nesting of any JSON parsed: requests, upstream bodies, federated results (default 64). */
  maxJsonDepth: number;
  /**
   * 2026-07-28 requests one tenant may hold suspended at once, waiting for its input (sampling,
   * elicitation, roots of a federated server; default 100).
   */
  maxSuspendedCallsPerTenant: number;
  /** Time to receive a request's headers (default 10 s). */
  headersTimeoutMs: number;
  /** Time to receive a request's body (default 30 s). */
  bodyTimeoutMs: number;
  /** Slowest accepted body transfer, bytes per second, checked after the first second (default 1,024; 0 = off). */
  bodyMinBytesPerSec: number;
  /** Idle time before a keep-alive connection is closed (default 5 s). */
  keepAliveTimeoutMs: number;
  /** Concurrent connections per client address (default 256). */
  maxConnectionsPerAddress: number;
  /** tools/list page size (default 100). */
  pageSize: number;
  /**
   * The gateway's public base URL (`https://mcp.example.com`), used for OAuth metadata, token
   * issuer and audience; needed behind a TLS-terminating proxy. Default: each request's own origin.
   */
  publicUrl?: string;
}

export interface NamingConfig {
  /**
   * `namespaced` (default): `provider.instance.base` from the system's identity (instance left out
   * when not declared); `flat`: the operation name as is; `template`: `template` with `{provider}`,
   * `{instance}`, `{env}`, `{system}`, `{name}` placeholders (empty parts and their separators dropped).
   */
  strategy: 'flat' | 'namespaced' | 'template';
  /** Joins name parts (default `.`; `_` or `__` for clients that reject dots). */
  separator: string;
  template?: string;
  /** Names longer than this are shortened with a stable hash of the full name (default 50). */
  maxLength: number;
  /** `fail` (default): a duplicate name is an error naming both owners; `suffix`: deterministic suffixes + warning. */
  onCollision: 'fail' | 'suffix';
}

/** A YAML system (`systems.<name>`): its upstream settings and declared operations. */
export interface SystemConfig extends SystemSpec {
  operations: OperationConfig[];
  source: SourceLocation;
}

export interface ArgumentConfig {
  name: string;
  /** Where it goes; when omitted: `path` if named in the template, else `query` for GET/HEAD/DELETE, else `body`. */
  in?: ParamLocation;
  /** Wire name (query key, header name or body field); defaults to the argument name. */
  field?: string;
  required: boolean;
  /** The JSON Schema of the argument (type, enum, description, items, format, default, …). */
  schema: JsonSchema;
  source: SourceLocation;
}

export interface OperationConfig {
  name: string;
  method: HttpMethod;
  path: string;
  title?: string;
  description: string;
  arguments: ArgumentConfig[];
  /** `fields` (default): `in: body` args become fields of a JSON object; or the name of one argument sent as the whole body. */
  body: { kind: 'fields' } | { kind: 'argument'; param: string };
  /** Explicit annotations; unset ones default from the HTTP method. */
  annotations: { readOnly?: boolean; destructive?: boolean; idempotent?: boolean; openWorld?: boolean };
  tags: string[];
  /** Facade area (YAML `group`). */
  group?: string;
  /** YAML `long_running: { status_operation, handle_field, status_argument, status_field, terminal, poll_interval_ms, max_wait_ms }`. */
  longRunning?: LongRunningSpec;
  source: SourceLocation;
}

/** Per-operation settings for imported OpenAPI operations (YAML `openapi[].operations.<name>`). */
export interface OperationOverride {
  group?: string;
  longRunning?: LongRunningSpec;
  annotations: { readOnly?: boolean; destructive?: boolean; idempotent?: boolean; openWorld?: boolean };
  source: SourceLocation;
}

export interface OpenApiFilter {
  tags: string[];
  /** operationIds (or fallback names). */
  operations: string[];
  /** Path globs, e.g. `/flows/**`. */
  paths: string[];
}

export interface OpenApiSourceConfig extends Omit<UpstreamSettings, 'baseUrl'> {
  /** System name the imported operations belong to. */
  name: string;
  description?: string;
  /** File path (relative to the config's directory) or http(s) URL. */
  source: string;
  /** Overrides the document's first `servers` entry. */
  baseUrl?: string;
  include?: OpenApiFilter;
  exclude?: OpenApiFilter;
  identity: SystemIdentity;
  /** Keyed by operation name. */
  overrides: Record<string, OperationOverride>;
  location: SourceLocation;
}
