import type { Redis } from 'ioredis';
import { PorticoError } from '../errors/index.js';
import { hasProtocol, type Logger, redactUrlPassword } from '../observability/index.js';

function checkRedisUrl(url: string): void {
  if (!hasProtocol(url, ['redis:', 'rediss:'])) {
    throw new PorticoError(
      'invalid_input',
      `The Redis URL ${redactUrlPassword(url)} is not a Redis URL. Set PORTICO_REDIS_URL, --redis-url or redis.url to redis://host:6379 (rediss:// for TLS).`,
    );
  }
}

/**
 * An ioredis client for shared limits and events: commands fail fast while Redis is down (no
 * offline queue; callers fall back), reconnects forever with backoff, logs each outage once.
 * Waits up to `waitMs` for the first connection; starting while Redis is down is allowed.
 */
export async function connectRedis(url: string, logger: Logger, waitMs = 2_000): Promise<Redis> {
  checkRedisUrl(url);
  const where = redactUrlPassword(url);
  // Loaded on demand: processes without Redis never load the client.
  const { Redis } = await import('ioredis');
  const redis = new Redis(url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2_000,
    retryStrategy: (times) => Math.min(times * 200, 2_000),
  });
  let down = false;
  redis.on('error', (err: Error) => {
    if (down) return;
    down = true;
    logger.warn(
      { redis: where, err: { message: err.message } },
      'Redis unreachable: rate limits fall back to per-replica counters and change events stay on this replica until it is back',
    );
  });
  redis.on('ready', () => {
    if (down) logger.info({ redis: where }, 'Redis reachable again: limits and events are shared');
    down = false;
  });
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    redis.connect().catch(() => undefined),
    new Promise<void>((resolve) => {
      timer = setTimeout(resolve, waitMs);
    }),
  ]);
  clearTimeout(timer);
  return redis;
}
