import type { Principal } from '../auth/types.js';
import { type LimitsConfig, parseRate, type RateSpec } from '../spec/index.js';
import type { AuthThrottle, LimitDecision, LimiterBackend, LimitName } from './types.js';

const DAY_SEC = 86_400;

/** Rate limits and quotas of authenticated MCP requests, and throttling of failed authentications. */
export class Limits implements AuthThrottle {
  private config: LimitsConfig;
  private readonly backend: LimiterBackend;
  private readonly now: () => Date;

  constructor(config: LimitsConfig, backend: LimiterBackend, opts: { now?: () => Date } = {}) {
    this.config = config;
    this.backend = backend;
    this.now = opts.now ?? (() => new Date());
  }

  /** Apply reloaded limits (counters under an unchanged rule carry on). */
  setConfig(config: LimitsConfig): void {
    this.config = config;
  }

  /**
   * For every authenticated MCP request: the per-token rate (the token's own override, else
   * `limits.token`; null = unlimited; not applied to the loopback-only `--no-auth` principal,
   * which has no token — test tools such as conformance runs send hundreds of requests), then the per-tenant rate, and for a tools/call the tenant's
   * daily quota (per UTC day). The first failing limit wins; later ones are not consumed.
   */
  async check(principal: Principal, opts: { call: boolean }): Promise<LimitDecision> {
    const config = this.config;
    const tokenSpec =
      (principal.rateLimit === null ? undefined : parseRate(principal.rateLimit)) ?? config.token;
    if (tokenSpec !== null && principal.kind !== 'dev') {
      const d = await this.consume('token', `token:${principal.tokenId}`, tokenSpec);
      if (!d.ok) return d;
    }
    if (config.tenant !== null) {
      const d = await this.consume('tenant', `tenant:${principal.tenantId}`, config.tenant);
      if (!d.ok) return d;
    }
    if (opts.call && config.tenantDailyQuota !== null) {
      const now = this.now();
      const day = now.toISOString().slice(0, 10);
      const spec: RateSpec = {
        points: config.tenantDailyQuota,
        durationSec: DAY_SEC,
        text: `${config.tenantDailyQuota}/day`,
      };
      const res = await this.backend.consume(`quota:${principal.tenantId}:${day}`, spec);
      if (!res.allowed) {
        const resetAt = nextUtcMidnight(now);
        return refusal('daily_quota', spec.text, resetAt.getTime() - now.getTime(), now);
      }
    }
    return { ok: true };
  }

  /**
   * Before reading a request body: is the token's or the tenant's rate already used up? A peek
   * (nothing consumed), so a caller over its limit is refused without the gateway reading its body.
   */
  async exhausted(principal: Principal): Promise<LimitDecision> {
    const config = this.config;
    const tokenSpec =
      (principal.rateLimit === null ? undefined : parseRate(principal.rateLimit)) ?? config.token;
    const checks: Array<[LimitName, string, RateSpec | null]> = [
      ['token', `token:${principal.tokenId}`, tokenSpec],
      ['tenant', `tenant:${principal.tenantId}`, config.tenant],
    ];
    for (const [limit, key, spec] of checks) {
      if (spec === null) continue;
      const { consumed, msBeforeNext } = await this.backend.peek(key, spec);
      if (consumed >= spec.points) return refusal(limit, spec.text, msBeforeNext, this.now());
    }
    return { ok: true };
  }

  /** Before authenticating: is `address` blocked for failed authentications? (peek, nothing consumed) */
  async authBlocked(address: string): Promise<LimitDecision> {
    const spec = this.config.authFailures;
    if (spec === null) return { ok: true };
    const { consumed, msBeforeNext } = await this.backend.peek(authKey(address), spec);
    return consumed >= spec.points
      ? refusal('auth_failures', spec.text, msBeforeNext, this.now())
      : { ok: true };
  }

  /**
   * After a failed authentication: count it. Returns the decision after counting — refused once
   * the address has used up `limits.auth_failures` (what {@link authBlocked} now answers).
   */
  async authFailed(address: string): Promise<LimitDecision> {
    const spec = this.config.authFailures;
    if (spec === null) return { ok: true };
    const key = authKey(address);
    const res = await this.backend.consume(key, spec);
    if (!res.allowed) return refusal('auth_failures', spec.text, res.msBeforeNext, this.now());
    const { consumed, msBeforeNext } = await this.backend.peek(key, spec);
    return consumed >= spec.points
      ? refusal('auth_failures', spec.text, msBeforeNext, this.now())
      : { ok: true };
  }

  /**
   * Before checking a password: is sign-in to `account` (an email) in back-off? (peek, nothing
   * consumed). Up to `limits.account_failures` failures in its window are free; each later one locks
   * the account's sign-in for 1 s, 2 s, 4 s … up to the window.
   */
  async accountBlocked(account: string): Promise<LimitDecision> {
    const spec = this.config.accountFailures;
    const { consumed } = await this.backend.peek(accountKey(account), countingSpec(spec));
    if (consumed <= spec.points) return { ok: true };
    const lock = lockSpec(spec, consumed);
    const held = await this.backend.peek(lockKey(account), lock);
    return held.consumed >= 1
      ? refusal('account_failures', spec.text, held.msBeforeNext, this.now())
      : { ok: true };
  }

  /** After a wrong password for `account`: count it and start the next back-off period when due. */
  async accountFailed(account: string): Promise<LimitDecision> {
    const spec = this.config.accountFailures;
    await this.backend.consume(accountKey(account), countingSpec(spec));
    const { consumed } = await this.backend.peek(accountKey(account), countingSpec(spec));
    if (consumed <= spec.points) return { ok: true };
    const lock = lockSpec(spec, consumed);
    await this.backend.reset(lockKey(account), lock);
    const res = await this.backend.consume(lockKey(account), lock);
    return refusal('account_failures', spec.text, res.msBeforeNext, this.now());
  }

  /** After a successful sign-in: the account's failures are forgotten. */
  async accountSucceeded(account: string): Promise<void> {
    await this.backend.reset(accountKey(account), countingSpec(this.config.accountFailures));
  }

  /**
   * Today's (UTC) use of a tenant's daily quota, read without consuming; undefined when no quota
   * is configured. (What the console's Activity page shows.)
   */
  async quotaUsage(tenantId: string): Promise<{ used: number; quota: number } | undefined> {
    const quota = this.config.tenantDailyQuota;
    if (quota === null) return undefined;
    const day = this.now().toISOString().slice(0, 10);
    const spec: RateSpec = { points: quota, durationSec: DAY_SEC, text: `${quota}/day` };
    const { consumed } = await this.backend.peek(`quota:${tenantId}:${day}`, spec);
    return { used: Math.min(consumed, quota), quota };
  }

  private async consume(limit: LimitName, key: string, spec: RateSpec): Promise<LimitDecision> {
    const res = await this.backend.consume(key, spec);
    return res.allowed ? { ok: true } : refusal(limit, spec.text, res.msBeforeNext, this.now());
  }
}

function authKey(address: string): string {
  return `auth:${address}`;
}

function accountKey(account: string): string {
  return `account:${account.trim().toLowerCase()}`;
}

function lockKey(account: string): string {
  return `account-lock:${account.trim().toLowerCase()}`;
}

/** Counts an account's failures over the window without ever refusing (the back-off decides). */
function countingSpec(spec: RateSpec): RateSpec {
  return { points: Number.MAX_SAFE_INTEGER, durationSec: spec.durationSec, text: spec.text };
}

/** The back-off after `failures` (> points): 2^(failures − points − 1) s, at most the window. */
function lockSpec(spec: RateSpec, failures: number): RateSpec {
  const sec = Math.min(spec.durationSec, 2 ** Math.min(30, failures - spec.points - 1));
  return { points: 1, durationSec: sec, text: `${sec}s` };
}

function refusal(limit: LimitName, rule: string, msBeforeNext: number, now: Date): LimitDecision {
  const ms = Math.max(0, msBeforeNext);
  return {
    ok: false,
    limit,
    rule,
    retryAfterSec: Math.max(1, Math.ceil(ms / 1000)),
    resetAt: new Date(now.getTime() + ms),
  };
}

/** The next 00:00 UTC after `now`. */
export function nextUtcMidnight(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1));
}
