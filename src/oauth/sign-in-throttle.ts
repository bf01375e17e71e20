import type { AuthThrottle, LimitDecision } from '../limits/types.js';

/** Failed sign-in throttling per client address and per account (implemented by `limits/Limits`). */
export interface SignInLimiter extends AuthThrottle {
  accountBlocked(account: string): Promise<LimitDecision>;
  accountFailed(account: string): Promise<LimitDecision>;
  accountSucceeded(account: string): Promise<void>;
}

type Refusal = Exclude<LimitDecision, { ok: true }>;

/** The outcome of one throttled sign-in attempt. */
export type SignInAttempt<U> =
  | { ok: true; user: U }
  | { ok: false; wrong: true; throttled?: Refusal }
  | { ok: false; wrong: false; throttled: Refusal };

/**
 * One password check under both throttles. An account in back-off is refused before its password
 * is looked at (that is what stops guessing one account from many addresses). The address throttle
 * never refuses a right password (an office behind one address is not locked out by colleagues'
 * typos); a wrong one is counted against both, and once the address has used up its limit the
 * answer to its wrong passwords is 429 instead of 401.
 */
export async function throttledSignIn<U>(
  limiter: SignInLimiter,
  address: string,
  email: string,
  check: () => Promise<U | undefined>,
): Promise<SignInAttempt<U>> {
  const locked = await limiter.accountBlocked(email);
  if (!locked.ok) return { ok: false, wrong: false, throttled: locked };
  const user = await check();
  if (user !== undefined) {
    await limiter.accountSucceeded(email);
    return { ok: true, user };
  }
  await limiter.accountFailed(email);
  const counted = await limiter.authFailed(address);
  return counted.ok ? { ok: false, wrong: true } : { ok: false, wrong: true, throttled: counted };
}
