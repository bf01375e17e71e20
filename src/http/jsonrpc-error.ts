import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { type ErrorCode, errorMapping } from '../errors/index.js';

/** A JSON-RPC error response with the HTTP status from the error table. */
export function jsonRpcErrorResponse(
  c: Context,
  code: ErrorCode,
  message: string,
  headers?: Record<string, string>,
  id: string | number | null = null,
): Response {
  const { http, jsonrpc } = errorMapping(code);
  return c.json(
    { jsonrpc: '2.0', id, error: { code: jsonrpc, message } },
    http as ContentfulStatusCode,
    headers,
  );
}
