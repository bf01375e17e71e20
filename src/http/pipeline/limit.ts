import { createMiddleware } from 'hono/factory';
import { type EdgeSecurity, limitedResponse } from '../security.js';
import type { EdgeEnv } from './env.js';

/**
 * Before the body is read: a caller whose rate is already used up gets 429 without its body being
 * read (nothing is consumed here).
 */
export function peekLimit(security: EdgeSecurity) {
  return createMiddleware<EdgeEnv>(async (c, next) => {
    const early = await security.limits.exhausted?.(c.get('principal'));
    if (early !== undefined && !early.ok) {
      c.set('verdict', 'limited');
      security.metrics.limitRejected(early.limit);
      return limitedResponse(c, early);
    }
    await next();
  });
}

/** Count the request against the caller's rates (and daily quota for calls): 429 once one is used up. */
export function limit(security: EdgeSecurity) {
  return createMiddleware<EdgeEnv>(async (c, next) => {
    const counted = c.get('access')?.limit;
    if (counted !== undefined) {
      const decision = await security.limits.check(c.get('principal'), counted);
      if (!decision.ok) {
        c.set('verdict', 'limited');
        security.metrics.limitRejected(decision.limit);
        return limitedResponse(c, decision, c.get('rpc')?.id ?? null);
      }
    }
    await next();
  });
}
