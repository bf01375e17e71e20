/** Reconnect delay policy: exponential, capped, with jitter. */
export interface Backoff {
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_BACKOFF: Backoff = { baseDelayMs: 500, maxDelayMs: 30_000 };

/**
 * Delay before reconnect attempt number `failures` (1 after the first failure): `base · 2^(n-1)`
 * capped at `max`, then "equal jitter" — a uniformly random point in its upper half, so servers
 * that fail together do not retry in lock-step.
 */
export function backoffDelay(failures: number, policy: Backoff, random: () => number = Math.random): number {
  const exp = policy.baseDelayMs * 2 ** Math.max(0, Math.min(failures - 1, 30));
  const capped = Math.min(policy.maxDelayMs, exp);
  return Math.round(capped / 2 + random() * (capped / 2));
}
