import type { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { connectRedis } from '../../src/cluster/index.js';
import {
  createMemoryLimiterBackend,
  createRedisLimiterBackend,
  type LimiterBackend,
} from '../../src/limits/index.js';
import { silentLogger } from '../../src/observability/index.js';
import { parseRate, type RateSpec } from '../../src/spec/index.js';
import { clusterSkipReason, redisTestPrefix, TEST_REDIS_URL } from '../support/services.js';
import { limiterBackendContract } from './backend-contract.js';

const skip = await clusterSkipReason();
const clients: Redis[] = [];
const prefix = redisTestPrefix();
let runs = 0;

afterAll(async () => {
  if (clients.length > 0) {
    const keys = await clients[0]!.keys(`${prefix}*`);
    if (keys.length > 0) await clients[0]!.del(...keys);
  }
  for (const c of clients) c.disconnect();
});

async function redisClient(url = TEST_REDIS_URL): Promise<Redis> {
  const client = await connectRedis(url, silentLogger(), 1_000);
  clients.push(client);
  return client;
}

limiterBackendContract('memory', async () => createMemoryLimiterBackend());

describe.skipIf(skip !== undefined)('redis limiter backend', () => {
  // A fresh key space per test.
  limiterBackendContract('redis', async () =>
    createRedisLimiterBackend({ redis: await redisClient(), keyPrefix: `${prefix}${++runs}:` }),
  );

  it('shares one window between replicas (two clients, two backends)', async () => {
    const keyPrefix = `${prefix}shared:`;
    const a = createRedisLimiterBackend({ redis: await redisClient(), keyPrefix });
    const b = createRedisLimiterBackend({ redis: await redisClient(), keyPrefix });
    const spec = parseRate('10/min') as RateSpec;
    const results = [];
    for (let i = 0; i < 15; i++) results.push((await (i % 2 === 0 ? a : b).consume('token:x', spec)).allowed);
    expect(results.filter(Boolean)).toHaveLength(10);
  });

  it('falls back to per-replica memory counters while Redis is unreachable, never throwing', async () => {
    let fallbacks = 0;
    // Nothing listens on port 1: a real connection refusal.
    const backend: LimiterBackend = createRedisLimiterBackend({
      redis: await redisClient('redis://127.0.0.1:1'),
      keyPrefix: `${prefix}down:`,
      onFallback: () => {
        fallbacks++;
      },
    });
    const spec = parseRate('2/min') as RateSpec;
    const results = [];
    for (let i = 0; i < 3; i++) results.push((await backend.consume('token:y', spec)).allowed);
    expect(results).toEqual([true, true, false]);
    // Refused attempts count too, as in the Redis and memory limiters.
    expect((await backend.peek('token:y', spec)).consumed).toBe(3);
    expect(fallbacks).toBeGreaterThanOrEqual(4);
  });

  it('refuses a URL that is not redis:// with an actionable message', async () => {
    await expect(connectRedis('http://127.0.0.1:6379', silentLogger())).rejects.toThrow(
      /not a Redis URL.*PORTICO_REDIS_URL/,
    );
  });
});
