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

/** One tool argument and how it maps onto the upstream request. */
export interface ParamSpec {
  /** Argument name as the MCP client sees it. */
  name: string;
  in: ParamLocation;
  /** Name on the wire (query key, header name, body field); defaults to `name`. */
  wireName: string;
  required: boolean;
  schema: JsonSchema;
}

/** How the JSON request body is built. */
export type BodyMode =
  /** No body, or a JSON object built from the `in: body` params (keyed by wireName). */
  | { kind: 'fields' }
  /** The value of one argument is sent as the whole body. */
  | { kind: 'argument'; param: string };

export interface OperationAnnotations {
  readOnly: boolean;
  destructive: boolean;
  idempotent: boolean;
  openWorld: boolean;
}

export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'OPTIONS';

/** One upstream operation: the unit a tool is built from. */
export interface OperationSpec {
  /** Name of the owning system. */
  system: string;
  /** Operation name within the system (the tool's base name). */
  name: string;
  method: HttpMethod;
  /** Path template relative to the system's base URL, e.g. `/flows/{flow}`. */
  path: string;
  title?: string;
  description: string;
  params: ParamSpec[];
  body: BodyMode;
  annotations: OperationAnnotations;
  tags: string[];
  /** Facade area (declared `group`, else the first tag for OpenAPI, else none → the system). */
  group?: string;
  /** Declared long-running behaviour (the call returns a handle; `wait: true` polls). */
  longRunning?: LongRunningSpec;
  source?: SourceLocation;
}

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

/** A named upstream HTTP API. */
export interface SystemSpec {
  name: string;
  description?: string;
  baseUrl: string;
  auth: UpstreamAuth;
  /** Extra static headers sent on every request. */
  headers: Record<string, string>;
  connectTimeoutMs: number;
  timeoutMs: number;
  maxResponseBytes: number;
  /** Retry once on network errors/timeouts/502/503/504 for idempotent operations. */
  retry: boolean;
  identity: SystemIdentity;
  /** Each tenant calls with its own stored secret, sent in `header` after `prefix`. */
  tenantCredential?: { header: string; prefix: string; required: boolean };
  /** Lower-cased header → caller fact forwarded upstream (`tenant.id`, `token.id`, …). */
  identityHeaders: Record<string, 'tenant.id' | 'tenant.name' | 'token.id' | 'token.label' | 'subject'>;
  source?: SourceLocation;
}

/** Fields every catalogue tool has, whatever executes it. */
export interface CatalogToolBase {
  /** Final, unique tool name (after naming strategy, cap and collision policy). */
  name: string;
  /** Operation (or remote tool) name before naming: the base of the name. */
  baseName: string;
  /** Owning system or federated MCP server name. */
  owner: string;
  identity: SystemIdentity;
  title?: string;
  description: string;
  inputSchema: JsonSchema;
  outputSchema?: JsonSchema;
  annotations: OperationAnnotations;
  tags: string[];
  group?: string;
}

/** A tool executed as an HTTP call to an upstream API. */
export interface HttpCatalogTool extends CatalogToolBase {
  kind: 'http';
  operation: OperationSpec;
  system: SystemSpec;
}

/** A tool forwarded to a federated MCP server. */
export interface McpCatalogTool extends CatalogToolBase {
  kind: 'mcp';
  /** The federated server's name (`mcp_servers` key). */
  server: string;
  /** The tool's name on that server. */
  remoteName: string;
  /** The tool's `_meta` as the server lists it (MCP Apps UI resource namespaced), published as is. */
  meta?: Record<string, unknown>;
}

/** One catalogue tool. */
export type CatalogTool = HttpCatalogTool | McpCatalogTool;

/** A tool as a federated MCP server lists it (input to the pure catalogue build). */
export interface RemoteToolInfo {
  name: string;
  title?: string;
  description?: string;
  inputSchema: JsonSchema;
  outputSchema?: JsonSchema;
  annotations?: {
    title?: string;
    readOnlyHint?: boolean;
    destructiveHint?: boolean;
    idempotentHint?: boolean;
    openWorldHint?: boolean;
  };
  /** `_meta` of the listing (its MCP Apps UI resource URI already namespaced). */
  meta?: Record<string, unknown>;
}
