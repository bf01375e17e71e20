import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** Stable error codes in FlowHub's JSON error bodies. */
export type ApiErrorCode = 'unauthorized' | 'not_found' | 'invalid_parameter' | 'conflict' | 'internal_error';

/** An error that becomes `{"error": {"code", "message"}}` with an HTTP status. */
export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: ApiErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** 404 for a flow name that does not exist. */
export function flowNotFound(name: string): ApiError {
  return new ApiError(
    404,
    'not_found',
    `Flow '${name}' not found. List flow names with list_flows (GET /api/flows).`,
  );
}

/** 404 for a run id that does not exist. */
export function runNotFound(id: string): ApiError {
  return new ApiError(
    404,
    'not_found',
    `Run '${id}' not found. Run ids look like run_0a1b2c3d4e; find them with list_runs (GET /api/runs) or list_flow_runs (GET /api/flows/{flow}/runs).`,
  );
}

/** 400 for a bad query parameter. */
export function invalidParam(name: string, problem: string): ApiError {
  return new ApiError(400, 'invalid_parameter', `Invalid query parameter '${name}': ${problem}`);
}

/** Renders an error as FlowHub's JSON error body. */
export function errorResponse(c: Context, err: unknown): Response {
  if (err instanceof ApiError) return c.json({ error: { code: err.code, message: err.message } }, err.status);
  return c.json({ error: { code: 'internal_error', message: 'Internal server error' } }, 500);
}
