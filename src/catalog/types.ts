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
  source?: SourceLocation;
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
  source?: SourceLocation;
}

/** One published MCP tool. */
export interface CatalogTool {
  name: string;
  title?: string;
  description: string;
  inputSchema: JsonSchema;
  annotations: OperationAnnotations;
  operation: OperationSpec;
  system: SystemSpec;
}
