import { type RateLimiterAbstract, RateLimiterRes } from 'rate-limiter-flexible';
import type { RateSpec } from '../spec/index.js';
import type { LimiterBackend } from './types.js';

/**
 * A {@link LimiterBackend} over rate-limiter-flexible limiters, one per distinct spec
 * (`${points}/${durationSec}`), made on first use by `create(spec, id)`. The memory and Redis
 * backends differ only in the limiter they create.
 */
export function limiterBackend(create: (spec: RateSpec, id: string) => RateLimiterAbstract): LimiterBackend {
  const limiters = new Map<string, RateLimiterAbstract>();
  const limiterFor = (spec: RateSpec): RateLimiterAbstract => {
    const id = `${spec.points}/${spec.durationSec}`;
    let limiter = limiters.get(id);
    if (limiter === undefined) {
      limiter = create(spec, id);
      limiters.set(id, limiter);
    }
    return limiter;
  };
  return {
    async consume(key, spec, points = 1) {
      try {
        const res = await limiterFor(spec).consume(key, points);
        return { allowed: true, msBeforeNext: Math.max(0, res.msBeforeNext) };
      } catch (err) {
        if (err instanceof RateLimiterRes)
          return { allowed: false, msBeforeNext: Math.max(0, err.msBeforeNext) };
        throw err;
      }
    },
    async peek(key, spec) {
      const res = await limiterFor(spec).get(key);
      // A record past its expiry (its deletion timer not yet run) counts as empty.
      if (res === null || res.msBeforeNext <= 0) return { consumed: 0, msBeforeNext: 0 };
      return { consumed: res.consumedPoints, msBeforeNext: res.msBeforeNext };
    },
    async reset(key, spec) {
      await limiterFor(spec).delete(key);
    },
  };
}
