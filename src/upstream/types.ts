import type { OperationSpec } from '../catalog/types.js';
import type { SystemSpec } from '../spec/index.js';

/** Minimal logger accepted by the upstream client (pino-compatible). */
export interface UpstreamLogger {
  debug(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
}

/** Options of {@link createUpstreamClient}. */
export interface UpstreamClientOptions {
  logger?: UpstreamLogger;
  /** Clock used for OAuth2 token expiry (ms since epoch); tests inject one. Default `Date.now`. */
  now?: () => number;
  /** Deepest nesting of a JSON body that is parsed (default 64); deeper bodies set `jsonError`. */
  maxJsonDepth?: number;
}

/** One upstream call: the operation, its system and the (validated) tool arguments. */
export interface UpstreamRequest {
  operation: OperationSpec;
  system: SystemSpec;
  args: Record<string, unknown>;
  /** Aborts the upstream request (e.g. the MCP client went away). */
  signal?: AbortSignal;
  /** Forwarded as `x-request-id`. */
  requestId?: string;
  extraHeaders?: Record<string, string>;
}

/** What the upstream answered. Non-2xx statuses are returned, not thrown. */
export interface UpstreamResponse {
  status: number;
  /** Lower-cased header names; repeated headers joined with `, `. */
  headers: Record<string, string>;
  contentType: string;
  /** Body decoded with the charset of its Content-Type (UTF-8 by default; at most `maxResponseBytes` bytes of it). */
  text: string;
  /** Parsed body, when the content type is JSON, the body was not truncated and parsing succeeded. */
  json?: unknown;
  /** Set when a JSON body was refused before parsing (nested deeper than the limit): why. */
  jsonError?: string;
  /** Body bytes kept (never more than the system's `maxResponseBytes`). */
  bytes: number;
  /** True when the body went past `maxResponseBytes` and was cut. */
  truncated: boolean;
  /** Wall time of the whole call, all attempts included. */
  durationMs: number;
  /** HTTP attempts made (retries and OAuth2 re-authentication included). */
  attempts: number;
  /** Final URL without its query string. */
  url: string;
}

/** Calls upstream HTTP APIs on behalf of tools. */
export interface UpstreamClient {
  /**
   * Perform the call. Throws `PorticoError` with `upstream_timeout`, `upstream_unreachable`,
   * `upstream_aborted`, `upstream_invalid_request` or `upstream_auth`.
   */
  call(req: UpstreamRequest): Promise<UpstreamResponse>;
  /** Close every connection pool (waits for in-flight requests). */
  close(): Promise<void>;
}
