import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, type RateLimiterRes } from 'rate-limiter-flexible';
import { limiterBackend } from './limiter-backend.js';
import type { LimiterBackend } from './types.js';

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
  const onFallback = opts.onFallback ?? (() => undefined);
  return limiterBackend((spec, id) => {
    const common = {
      points: spec.points,
      duration: spec.durationSec,
      keyPrefix: `${opts.keyPrefix}rl:${id}`,
    };
    return new RateLimiterRedis({
      ...common,
      storeClient: opts.redis,
      rejectIfRedisNotReady: true,
      insuranceLimiter: new InsuranceLimiter(common, onFallback),
    });
  });
}
