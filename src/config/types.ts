import type {
  HttpMethod,
  JsonSchema,
  ParamLocation,
  SourceLocation,
  UpstreamAuth,
} from '../catalog/types.js';

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
  systems: SystemConfig[];
  openapi: OpenApiSourceConfig[];
}

export interface ServerConfig {
  /** Extra allowed Origin hostnames (loopback ones are always allowed). */
  allowedOrigins: string[];
  /** Extra allowed Host hostnames (loopback ones are always allowed). */
  allowedHosts: string[];
  /** Max request body in bytes (default 1 MiB). */
  maxBodyBytes: number;
  /** tools/list page size (default 100). */
  pageSize: number;
}

export interface NamingConfig {
  /** `flat` keeps the operation name; `namespaced` prefixes the system (full rules in a later issue). */
  strategy: 'flat' | 'namespaced';
  separator: string;
}

/** Upstream defaults shared by YAML systems and OpenAPI imports. */
export interface UpstreamSettings {
  baseUrl: string;
  auth: UpstreamAuth;
  headers: Record<string, string>;
  connectTimeoutMs: number;
  timeoutMs: number;
  maxResponseBytes: number;
  retry: boolean;
}

export interface SystemConfig extends UpstreamSettings {
  name: string;
  description?: string;
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
  location: SourceLocation;
}
