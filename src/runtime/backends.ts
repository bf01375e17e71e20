import type { Redis } from 'ioredis';
import {
  createMemoryLimiterBackend,
  createRedisLimiterBackend,
  type LimiterBackend,
} from '../limits/index.js';
import type { Logger, Metrics } from '../observability/index.js';
import type { Store } from '../store/index.js';
import { clusterMetrics } from './cluster-metrics.js';
import { openChosenStore, type StoreChoice } from './open-store.js';

/** Opens (and migrates) the store a gateway runs on, given the secret key it checks a shared store against. */
export type StoreFactory = (
  secret: { key: Buffer; source: 'env' | 'file' },
  logger: Logger,
) => Promise<Store>;

/** Creates the backend of the limit counters, measured on the gateway's metrics. */
export type LimiterBackendFactory = (metrics: Metrics) => LimiterBackend;

/** The store the choice names: PostgreSQL for a database URL, else `<dataDir>/portico.db` (SQLite). */
export function storeFactory(choice: StoreChoice): StoreFactory {
  return (secret, logger) => openChosenStore(choice, secret, logger);
}

/**
 * Counters shared by every replica through Redis when it is configured (with a fallback to this
 * process's memory, counted in `portico_limiter_fallback_total`), else this process's memory.
 */
export function limiterBackendFactory(redis?: { client: Redis; keyPrefix: string }): LimiterBackendFactory {
  if (redis === undefined) return () => createMemoryLimiterBackend();
  return (metrics) =>
    createRedisLimiterBackend({
      redis: redis.client,
      keyPrefix: redis.keyPrefix,
      onFallback: clusterMetrics(metrics, redis.client).limiterFallback,
    });
}
