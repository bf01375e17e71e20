import type { Context } from 'hono';
import type { Principal } from '../auth/types.js';
import { isPorticoError } from '../errors/index.js';
import type { Gateway } from '../gateway/index.js';

/**
 * REST discovery: `GET /mcp/tools/list` and `GET /mcp/{view}/tools/list` with `limit` and
 * `cursor` → `{ tools, nextCursor }`, using the same cursors as the JSON-RPC list.
 */
export function discoveryResponse(
  c: Context,
  gateway: Gateway,
  view: string,
  principal?: Principal,
): Response {
  const limitText = c.req.query('limit');
  let limit: number | undefined;
  if (limitText !== undefined) {
    limit = Number(limitText);
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
      return c.json(
        {
          error: {
            code: 'invalid_limit',
            message: `Invalid limit "${limitText}": expected a whole number from 1 to 1000.`,
          },
        },
        400,
      );
    }
  }
  try {
    return c.json(gateway.listTools(view, c.req.query('cursor'), limit, principal));
  } catch (err) {
    if (isPorticoError(err, 'invalid_cursor'))
      return c.json({ error: { code: err.code, message: err.message } }, 400);
    throw err;
  }
}
