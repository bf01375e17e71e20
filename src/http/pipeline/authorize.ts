import { createMiddleware } from 'hono/factory';
import { type EdgeSecurity, insufficientScopeResponse } from '../security.js';
import type { EdgeEnv } from './env.js';

/** 403 with the `insufficient_scope` challenge unless the caller has the scope `resolve` asked for. */
export function authorize(security: EdgeSecurity) {
  return createMiddleware<EdgeEnv>(async (c, next) => {
    const access = c.get('access');
    const principal = c.get('principal');
    if (access?.scope !== undefined && !principal.scopes.has(access.scope)) {
      c.set('verdict', 'denied');
      return insufficientScopeResponse(
        c,
        access.scope,
        access.what,
        principal,
        c.get('rpc')?.id ?? null,
        security.challengeParams?.(c, c.get('view')),
      );
    }
    await next();
  });
}
