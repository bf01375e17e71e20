export { Limits, nextUtcMidnight } from './limits.js';
export { createMemoryLimiterBackend } from './memory-backend.js';
export { createRedisLimiterBackend, type RedisLimiterOptions } from './redis-backend.js';
export type { AuthThrottle, LimitDecision, LimiterBackend, LimitName } from './types.js';
