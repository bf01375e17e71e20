import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { LimiterBackend, RateSpec } from './types.js';

/** Options of {@link createRedisLimiterBackend}. */
export interface RedisLimiterOptions {
  /** A connected ioredis client (`enableOfflineQueue: false` so commands fail fast while Redis is down). */
  redis: Redis;
  /** Prefix of every key (e.g. `portico:`); replicas sharing limits must use the same one. */
  keyPrefix: string;
  /** Called each time Redis could not answer and the per-replica memory counters decided instead. */
  onFallback?: () => void;
}

/**
 * Memory counters that decide while Redis is unreachable (rate-limiter-flexible's insurance
 * limiter): limits then hold per replica, never a failed request.
 */
class InsuranceLimiter extends RateLimiterMemory {
  constructor(
    opts: ConstructorParameters<typeof RateLimiterMemory>[0],
    private readonly onUse: () => void,
  ) {
    super(opts);
  }

  override consume(...args: Parameters<RateLimiterMemory['consume']>): Promise<RateLimiterRes> {
    this.onUse();
    return super.consume(...args);
  }

  override get(...args: Parameters<RateLimiterMemory['get']>): Promise<RateLimiterRes | null> {
    this.onUse();
    return super.get(...args);
  }

  override delete(...args: Parameters<RateLimiterMemory['delete']>): Promise<boolean> {
    this.onUse();
    return super.delete(...args);
  }
}

/**
 * {@link LimiterBackend} on Redis (rate-limiter-flexible's `RateLimiterRedis`, atomic per key), so
 * every replica counts against the same windows; one limiter per distinct spec.
 */
export function createRedisLimiterBackend(opts: RedisLimiterOptions): LimiterBackend {
  const limiters = new Map<string, RateLimiterRedis>();
  const onFallback = opts.onFallback ?? (() => undefined);
  const limiterFor = (spec: RateSpec): RateLimiterRedis => {
    const id = `${spec.points}/${spec.durationSec}`;
    let limiter = limiters.get(id);
    if (limiter === undefined) {
      const common = {
        points: spec.points,
        duration: spec.durationSec,
        keyPrefix: `${opts.keyPrefix}rl:${id}`,
      };
      limiter = new RateLimiterRedis({
        ...common,
        storeClient: opts.redis,
        rejectIfRedisNotReady: true,
        insuranceLimiter: new InsuranceLimiter(common, onFallback),
      });
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
      if (res === null || res.msBeforeNext <= 0) return { consumed: 0, msBeforeNext: 0 };
      return { consumed: res.consumedPoints, msBeforeNext: res.msBeforeNext };
    },
    async reset(key, spec) {
      await limiterFor(spec).delete(key);
    },
  };
}
