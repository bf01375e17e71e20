import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { type ErrorCode, errorMapping, isPorticoError } from '../errors/index.js';
import type { Logger } from '../observability/index.js';

/** The JSON error body of every admin API failure. */
export interface AdminErrorBody {
  error: { code: ErrorCode; message: string };
}

/** A JSON error response `{ error: { code, message } }` with the code's HTTP status. */
export function adminError(
  c: Context,
  code: ErrorCode,
  message: string,
  headers: Record<string, string> = {},
): Response {
  for (const [name, value] of Object.entries(headers)) c.header(name, value);
  const body: AdminErrorBody = { error: { code, message } };
  return c.json(body, errorMapping(code).http as ContentfulStatusCode);
}

/**
 * Map a thrown error to a response: a {@link PorticoError} keeps its code and message; anything
 * else is logged and answered as a generic 500 `internal` (its message may hold internals).
 */
export function adminErrorFromThrown(c: Context, err: unknown, logger: Logger): Response {
  if (isPorticoError(err)) {
    if (errorMapping(err.code).http >= 500) {
      logger.error({ err, code: err.code, path: c.req.path }, 'admin API request failed');
    }
    return adminError(c, err.code, err.message);
  }
  logger.error({ err, path: c.req.path }, 'admin API request failed');
  return adminError(c, 'internal', 'Internal error while handling the admin request; see the Portico log.');
}
