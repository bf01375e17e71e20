export { connectRedis } from './redis.js';
export { type ControlMessage, RedisEventBus } from './redis-bus.js';
export { NoReplicaError, RedisRequests } from './redis-requests.js';
