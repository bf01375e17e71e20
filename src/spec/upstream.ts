/** JSON Schema object, as declared in config or imported from OpenAPI. */
export type JsonSchema = Record<string, unknown>;

/** Where in the YAML/OpenAPI source a thing was declared (for error messages). */
export interface SourceLocation {
  file: string;
  line?: number;
  column?: number;
  /** Path inside the document, e.g. `systems.flowhub.operations.get_flow`. */
  path?: string;
}

/** Where an argument goes on the upstream HTTP request. */
export type ParamLocation = 'path' | 'query' | 'header' | 'body';

export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'OPTIONS';

/**
 * A long-running operation: its response carries a handle (e.g. a run id) that a status
 * operation of the same system is polled with until a terminal state.
 */
export interface LongRunningSpec {
  /** Name of the status operation in the same system (e.g. `get_run`). */
  statusOperation: string;
  /** Field of the start response holding the handle (dot path, e.g. `run_id`). */
  handleField: string;
  /** Argument of the status operation the handle is passed as (e.g. `run_id`). */
  statusArgument: string;
  /** Field of the status response holding the state (dot path, e.g. `status`). */
  statusField: string;
  /** States that end the wait (e.g. `success`, `failed`). */
  terminal: string[];
  pollIntervalMs: number;
  /** Upper bound of a `wait: true` call; past it the current status is returned. */
  maxWaitMs: number;
}

/** Who a system (or federated server) is, for namespaced naming and router surfaces. */
export interface SystemIdentity {
  /** e.g. `entra`, `ldap`; defaults to the system name. */
  provider: string;
  /** e.g. `cont`, `av`; optional. */
  instance?: string;
  instanceLabel?: string;
  env?: string;
}

/** Upstream authentication for one system. Secrets are already interpolated. */
export type UpstreamAuth =
  | { type: 'none' }
  | { type: 'api_key'; header: string; value: string }
  | { type: 'bearer'; token: string }
  | { type: 'basic'; username: string; password: string }
  | {
      type: 'oauth2_client_credentials';
      tokenUrl: string;
      clientId: string;
      clientSecret: string;
      scopes: string[];
      audience?: string;
    };

/** Which caller fact an identity header carries (YAML `identity_headers` values). */
export type IdentityField = 'tenant.id' | 'tenant.name' | 'token.id' | 'token.label' | 'subject';

/** Each tenant calls the upstream with its own stored secret (YAML `tenant_credential`). */
export interface TenantCredentialConfig {
  /** Lower-cased header the secret is sent in (default `authorization`). */
  header: string;
  /** Written before the secret (default `Bearer ` for Authorization, else empty). */
  prefix: string;
  /** Default true: a tenant without a stored secret gets a clear tool error instead of an unauthenticated call. */
  required: boolean;
}

/** Upstream defaults shared by YAML systems and OpenAPI imports. */
export interface UpstreamSettings {
  baseUrl: string;
  auth: UpstreamAuth;
  /** Extra static headers sent on every request. */
  headers: Record<string, string>;
  connectTimeoutMs: number;
  timeoutMs: number;
  maxResponseBytes: number;
  /** Retry once on network errors/timeouts/502/503/504 for idempotent operations. */
  retry: boolean;
  /** Per-tenant upstream secret (YAML `tenant_credential`), sent in `header` after `prefix`. */
  tenantCredential?: TenantCredentialConfig;
  /** Lower-cased header name → caller fact forwarded upstream (YAML `identity_headers`). */
  identityHeaders: Record<string, IdentityField>;
}

/**
 * A named upstream HTTP API: its upstream settings plus who it is. YAML systems
 * (`SystemConfig`) and OpenAPI imports (with their resolved base URL) both become one.
 */
export interface SystemSpec extends UpstreamSettings {
  name: string;
  description?: string;
  /** YAML `identity: { provider, instance, instance_label, env }`; provider defaults to the system name. */
  identity: SystemIdentity;
  source?: SourceLocation;
}
