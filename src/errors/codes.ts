/**
 * Stable error codes and the one table mapping each to an HTTP status and a JSON-RPC code.
 * Domain code throws {@link PorticoError}; the HTTP/MCP edge maps it with {@link errorMapping}.
 */
export const ERROR_TABLE = {
  config_invalid: { http: 500, jsonrpc: -32603 },
  config_not_found: { http: 500, jsonrpc: -32603 },
  config_env_missing: { http: 500, jsonrpc: -32603 },
  openapi_invalid: { http: 500, jsonrpc: -32603 },
  invalid_arguments: { http: 400, jsonrpc: -32602 },
  invalid_cursor: { http: 400, jsonrpc: -32602 },
  unknown_tool: { http: 404, jsonrpc: -32602 },
  unknown_view: { http: 404, jsonrpc: -32602 },
  parse_error: { http: 400, jsonrpc: -32700 },
  invalid_request: { http: 400, jsonrpc: -32600 },
  method_not_found: { http: 404, jsonrpc: -32601 },
  method_not_allowed: { http: 405, jsonrpc: -32600 },
  not_acceptable: { http: 406, jsonrpc: -32600 },
  unsupported_media_type: { http: 415, jsonrpc: -32600 },
  payload_too_large: { http: 413, jsonrpc: -32600 },
  request_timeout: { http: 408, jsonrpc: -32600 },
  forbidden_origin: { http: 403, jsonrpc: -32600 },
  forbidden_host: { http: 403, jsonrpc: -32600 },
  upstream_timeout: { http: 504, jsonrpc: -32603 },
  upstream_unreachable: { http: 502, jsonrpc: -32603 },
  upstream_status: { http: 502, jsonrpc: -32603 },
  upstream_invalid_request: { http: 400, jsonrpc: -32602 },
  upstream_auth: { http: 502, jsonrpc: -32603 },
  upstream_aborted: { http: 499, jsonrpc: -32603 },
  upstream_capacity: { http: 503, jsonrpc: -32603 },
  /** A federated server's sampling/elicitation/roots request that cannot reach the caller. */
  relay_unsupported: { http: 501, jsonrpc: -32601 },
  /**
   * A federated server answered `-32042` (URL elicitation required: the user opens its URLs, then the
   * caller retries). An answer, not a failure: in-band (HTTP 200), as the SDK sends it.
   */
  url_elicitation_required: { http: 200, jsonrpc: -32042 },
  /** A 2026-07-28 retry whose `requestState` names a suspended call this replica does not hold. */
  request_state_expired: { http: 400, jsonrpc: -32602 },
  /** A tenant already has the most suspended (input-required) calls allowed. */
  suspended_calls_full: { http: 429, jsonrpc: -32029 },
  store_error: { http: 500, jsonrpc: -32603 },
  unauthenticated: { http: 401, jsonrpc: -32001 },
  insufficient_scope: { http: 403, jsonrpc: -32003 },
  forbidden_view: { http: 403, jsonrpc: -32003 },
  rate_limited: { http: 429, jsonrpc: -32029 },
  quota_exceeded: { http: 429, jsonrpc: -32029 },
  auth_throttled: { http: 429, jsonrpc: -32029 },
  auth_unavailable: { http: 503, jsonrpc: -32603 },
  /** The store (PostgreSQL) did not answer a credential lookup; retry. */
  store_unavailable: { http: 503, jsonrpc: -32603 },
  not_found: { http: 404, jsonrpc: -32602 },
  conflict: { http: 409, jsonrpc: -32602 },
  invalid_input: { http: 400, jsonrpc: -32602 },
  admin_disabled: { http: 404, jsonrpc: -32601 },
  tenant_credential_missing: { http: 502, jsonrpc: -32603 },
  secret_key_invalid: { http: 500, jsonrpc: -32603 },
  internal: { http: 500, jsonrpc: -32603 },
} as const satisfies Record<string, { http: number; jsonrpc: number }>;

/** A stable string error code. */
export type ErrorCode = keyof typeof ERROR_TABLE;

/** HTTP status and JSON-RPC code for an error code. */
export function errorMapping(code: ErrorCode): { http: number; jsonrpc: number } {
  return ERROR_TABLE[code];
}
