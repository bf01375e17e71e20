import type { Redis } from 'ioredis';
import { Counter, Gauge } from 'prom-client';
import type { Metrics } from '../observability/index.js';

/** Cluster metrics on the gateway's registry: Redis connectivity and limiter fallbacks. */
export function clusterMetrics(metrics: Metrics, redis: Redis): { limiterFallback: () => void } {
  const registers = [metrics.registry];
  new Gauge({
    name: 'portico_redis_connected',
    help: '1 while the Redis connection (shared limits and change events) is ready, else 0.',
    registers,
    collect() {
      this.set(redis.status === 'ready' ? 1 : 0);
    },
  });
  const fallbacks = new Counter({
    name: 'portico_limiter_fallback_total',
    help: 'Limit checks decided by this replica’s memory counters because Redis was unreachable.',
    registers,
  });
  return { limiterFallback: () => fallbacks.inc() };
}
