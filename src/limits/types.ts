import type { RateSpec } from '../spec/index.js';

/** Which limit rejected a request. */
export type LimitName = 'token' | 'tenant' | 'daily_quota' | 'auth_failures' | 'account_failures';

/** The verdict of a limit check. */
export type LimitDecision =
  | { ok: true }
  | {
      ok: false;
      limit: LimitName;
      /** The rule that was hit, e.g. `5/min` or `10000/day`. */
      rule: string;
      /** Whole seconds until a retry can succeed (≥ 1): the `Retry-After` value. */
      retryAfterSec: number;
      resetAt: Date;
    };

/**
 * The failed-authentication throttle per client address (`limits.auth_failures`), implemented by
 * `Limits`: the edge, the admin API, the console and the OAuth sign-in all count through it.
 */
export interface AuthThrottle {
  /** Before authenticating: is `address` blocked for failed authentications? (peek, nothing consumed) */
  authBlocked(address: string): Promise<LimitDecision>;
  /** After a failed authentication: count it; the decision after counting (refused once used up). */
  authFailed(address: string): Promise<LimitDecision>;
}

/**
 * Counter storage behind the limits: in-memory now (rate-limiter-flexible's RateLimiterMemory);
 * a Redis implementation (RateLimiterRedis) shares counters between replicas.
 */
export interface LimiterBackend {
  /** Consume `points` from `key` under `spec`; reports whether it was allowed and when the window resets. */
  consume(key: string, spec: RateSpec, points?: number): Promise<{ allowed: boolean; msBeforeNext: number }>;
  /** Points consumed so far in the current window (0 when none), without consuming. */
  peek(key: string, spec: RateSpec): Promise<{ consumed: number; msBeforeNext: number }>;
  /** Forget a key (e.g. after a successful authentication). */
  reset(key: string, spec: RateSpec): Promise<void>;
}
