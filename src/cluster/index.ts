export { connectRedis, redactRedisUrl } from './redis.js';
export { type ControlMessage, RedisEventBus } from './redis-bus.js';
