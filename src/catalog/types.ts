import type {
  HttpMethod,
  JsonSchema,
  LongRunningSpec,
  ParamLocation,
  SourceLocation,
  SystemIdentity,
  SystemSpec,
} from '../spec/index.js';

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
  /** The tool's `_meta` as the server lists it (MCP Apps UI resource URI as Portico publishes it), published as is. */
  meta?: Record<string, unknown>;
  /** The server's `execution` (task support) for the tool, published as listed. */
  execution?: ToolExecutionInfo;
}

/** A tool's `execution` as an MCP server lists it (`taskSupport`: forbidden, optional, required). */
export interface ToolExecutionInfo {
  taskSupport?: 'forbidden' | 'optional' | 'required';
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
  execution?: ToolExecutionInfo;
  annotations?: {
    title?: string;
    readOnlyHint?: boolean;
    destructiveHint?: boolean;
    idempotentHint?: boolean;
    openWorldHint?: boolean;
  };
  /** `_meta` of the listing (from `Federation.tools()`: its MCP Apps UI resource URI as Portico publishes it). */
  meta?: Record<string, unknown>;
}
