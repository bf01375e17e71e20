import type { MiddlewareHandler } from 'hono';
import { API_KEY_HEADER, type FlowHubDb, findWorkspaceByKey } from '../db/index.js';
import type { FlowHubEnv } from '../routes/context.js';
import { ApiError } from './errors.js';

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/** The API key of a request: `X-API-Key`, else `Authorization: Bearer <key>`; undefined when absent. */
export function apiKeyOf(headers: { get(name: string): string | null | undefined }): string | undefined {
  const direct = headers.get(API_KEY_HEADER)?.trim();
  if (direct) return direct;
  const bearer = BEARER.exec(headers.get('Authorization') ?? '');
  return bearer?.[1];
}

/**
 * Requires a known workspace API key and stores the caller's workspace on the context;
 * answers 401 `unauthorized` otherwise (the key is never echoed).
 */
export function requireWorkspace(db: FlowHubDb): MiddlewareHandler<FlowHubEnv> {
  return async (c, next) => {
    const key = apiKeyOf(c.req.raw.headers);
    if (!key) {
      throw new ApiError(
        401,
        'unauthorized',
        `Missing API key: send your workspace's key in the ${API_KEY_HEADER} header (or Authorization: Bearer <key>).`,
      );
    }
    const workspace = findWorkspaceByKey(db, key);
    if (!workspace) {
      throw new ApiError(
        401,
        'unauthorized',
        `Unknown API key in ${API_KEY_HEADER}/Authorization. Use the key FlowHub printed for your workspace at startup.`,
      );
    }
    c.set('workspace', workspace);
    await next();
  };
}
