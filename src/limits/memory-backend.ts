import { RateLimiterMemory } from 'rate-limiter-flexible';
import { limiterBackend } from './limiter-backend.js';
import type { LimiterBackend } from './types.js';

/** In-memory {@link LimiterBackend}: one `RateLimiterMemory` per distinct spec (`${points}/${durationSec}`). */
export function createMemoryLimiterBackend(): LimiterBackend {
  return limiterBackend(
    (spec, id) => new RateLimiterMemory({ points: spec.points, duration: spec.durationSec, keyPrefix: id }),
  );
}
