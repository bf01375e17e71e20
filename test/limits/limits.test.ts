import { describe, expect, it } from 'vitest';
import type { Principal } from '../../src/auth/types.js';
import { createMemoryLimiterBackend, type LimitDecision, Limits } from '../../src/limits/index.js';
import { type LimitsConfig, parseRate, type RateSpec } from '../../src/spec/index.js';

const rate = (text: string): RateSpec => {
  const spec = parseRate(text);
  if (spec === undefined) throw new Error(`bad rate ${text}`);
  return spec;
};

const UNLIMITED: LimitsConfig = {
  token: null,
  tenant: null,
  tenantDailyQuota: null,
  authFailures: rate('1000/min'),
  accountFailures: rate('5/15min'),
};

function principal(tokenId: string, tenantId = 'acme', rateLimit: string | null = null): Principal {
  return {
    kind: 'token',
    tenantId,
    tenantName: tenantId,
    tokenId,
    subject: tokenId,
    label: tokenId,
    prefix: 'mcp_xxxxxx',
    scopes: new Set(['mcp.tools.discovery', 'mcp.tools.invoke']),
    views: null,
    expiresAt: null,
    rateLimit,
  };
}

type Refusal = Exclude<LimitDecision, { ok: true }>;
function refused(d: LimitDecision): Refusal {
  if (d.ok) throw new Error('expected a refusal');
  return d;
}

async function run(limits: Limits, p: Principal, n: number, call = false): Promise<LimitDecision[]> {
  const out: LimitDecision[] = [];
  for (let i = 0; i < n; i++) out.push(await limits.check(p, { call }));
  return out;
}

describe('Limits.check', () => {
  it('refuses the 6th request of a 5/min token with limit token, rule 5/min and a Retry-After', async () => {
    const now = new Date('2026-03-01T12:00:00Z');
    const limits = new Limits({ ...UNLIMITED, token: rate('5/min') }, createMemoryLimiterBackend(), {
      now: () => now,
    });
    const results = await run(limits, principal('tok_a'), 6);
    expect(results.slice(0, 5).every((d) => d.ok)).toBe(true);
    const d = refused(results[5] as LimitDecision);
    expect(d.limit).toBe('token');
    expect(d.rule).toBe('5/min');
    expect(d.retryAfterSec).toBeGreaterThanOrEqual(1);
    expect(d.retryAfterSec).toBeLessThanOrEqual(60);
    const ahead = d.resetAt.getTime() - now.getTime();
    expect(ahead).toBeGreaterThan(0);
    expect(ahead).toBeLessThanOrEqual(60_000);
    expect(d.retryAfterSec).toBe(Math.max(1, Math.ceil(ahead / 1000)));
    // Another token has its own budget.
    expect((await limits.check(principal('tok_b'), { call: false })).ok).toBe(true);
  });

  it("uses the token's own rate limit over the configured default", async () => {
    const limits = new Limits({ ...UNLIMITED, token: rate('2/min') }, createMemoryLimiterBackend());
    const own = await run(limits, principal('tok_fast', 'acme', '4/min'), 5);
    expect(own.map((d) => d.ok)).toEqual([true, true, true, true, false]);
    expect(refused(own[4] as LimitDecision).rule).toBe('4/min');
    const dflt = await run(limits, principal('tok_plain'), 3);
    expect(dflt.map((d) => d.ok)).toEqual([true, true, false]);
    expect(refused(dflt[2] as LimitDecision).rule).toBe('2/min');
    // An override lower than the default is honoured too.
    const slow = await run(limits, principal('tok_slow', 'acme', '1/hour'), 2);
    expect(slow.map((d) => d.ok)).toEqual([true, false]);
    expect(refused(slow[1] as LimitDecision).retryAfterSec).toBeGreaterThan(60);
  });

  it('applies the tenant limit across all tokens of a tenant', async () => {
    const limits = new Limits(
      { ...UNLIMITED, token: rate('10/min'), tenant: rate('3/min') },
      createMemoryLimiterBackend(),
    );
    const a = principal('tok_a', 'acme');
    const b = principal('tok_b', 'acme');
    expect((await limits.check(a, { call: false })).ok).toBe(true);
    expect((await limits.check(b, { call: false })).ok).toBe(true);
    expect((await limits.check(a, { call: false })).ok).toBe(true);
    const d = refused(await limits.check(b, { call: false }));
    expect(d.limit).toBe('tenant');
    expect(d.rule).toBe('3/min');
    // Another tenant is not affected.
    expect((await limits.check(principal('tok_c', 'beta'), { call: false })).ok).toBe(true);
  });

  it('reports the token limit first and then does not consume the tenant budget', async () => {
    const limits = new Limits(
      { ...UNLIMITED, token: rate('1/min'), tenant: rate('2/min') },
      createMemoryLimiterBackend(),
    );
    const a = principal('tok_a');
    expect((await limits.check(a, { call: false })).ok).toBe(true);
    for (let i = 0; i < 3; i++) expect(refused(await limits.check(a, { call: false })).limit).toBe('token');
    expect((await limits.check(principal('tok_b'), { call: false })).ok).toBe(true);
    expect(refused(await limits.check(principal('tok_c'), { call: false })).limit).toBe('tenant');
  });

  it('counts the daily quota on tools/call only, resetting at the next UTC midnight', async () => {
    let now = new Date('2026-03-10T22:15:00Z');
    const limits = new Limits({ ...UNLIMITED, tenantDailyQuota: 3 }, createMemoryLimiterBackend(), {
      now: () => now,
    });
    const a = principal('tok_a');
    const b = principal('tok_b');
    expect((await run(limits, a, 10, false)).every((d) => d.ok)).toBe(true);
    expect((await limits.check(a, { call: true })).ok).toBe(true);
    expect((await limits.check(b, { call: true })).ok).toBe(true);
    expect((await limits.check(a, { call: true })).ok).toBe(true);
    const d = refused(await limits.check(b, { call: true }));
    expect(d.limit).toBe('daily_quota');
    expect(d.rule).toBe('3/day');
    expect(d.resetAt.toISOString()).toBe('2026-03-11T00:00:00.000Z');
    expect(d.retryAfterSec).toBe(105 * 60);
    // Listing still works, and another tenant has its own quota.
    expect((await limits.check(a, { call: false })).ok).toBe(true);
    expect((await limits.check(principal('tok_x', 'beta'), { call: true })).ok).toBe(true);
    // A new UTC day starts a new count.
    now = new Date('2026-03-11T00:00:01Z');
    expect((await limits.check(a, { call: true })).ok).toBe(true);
  });

  it("reports today's quota use without consuming it (console Activity)", async () => {
    let now = new Date('2026-03-10T22:15:00Z');
    const limits = new Limits({ ...UNLIMITED, tenantDailyQuota: 3 }, createMemoryLimiterBackend(), {
      now: () => now,
    });
    expect(await limits.quotaUsage('acme')).toEqual({ used: 0, quota: 3 });
    await limits.check(principal('tok_a'), { call: true });
    await limits.check(principal('tok_b'), { call: true });
    await limits.check(principal('tok_a'), { call: false });
    expect(await limits.quotaUsage('acme')).toEqual({ used: 2, quota: 3 });
    expect(await limits.quotaUsage('acme')).toEqual({ used: 2, quota: 3 });
    expect(await limits.quotaUsage('beta')).toEqual({ used: 0, quota: 3 });
    for (let i = 0; i < 3; i++) await limits.check(principal('tok_a'), { call: true });
    expect(await limits.quotaUsage('acme')).toEqual({ used: 3, quota: 3 });
    now = new Date('2026-03-11T00:00:01Z');
    expect(await limits.quotaUsage('acme')).toEqual({ used: 0, quota: 3 });
    expect(await new Limits(UNLIMITED, createMemoryLimiterBackend()).quotaUsage('acme')).toBeUndefined();
  });

  it('treats null limits as unlimited', async () => {
    const limits = new Limits(UNLIMITED, createMemoryLimiterBackend());
    expect((await run(limits, principal('tok_a'), 300, true)).every((d) => d.ok)).toBe(true);
  });

  it('applies a reloaded config', async () => {
    const limits = new Limits({ ...UNLIMITED, token: rate('1/min') }, createMemoryLimiterBackend());
    const a = principal('tok_a');
    expect((await run(limits, a, 2)).map((d) => d.ok)).toEqual([true, false]);
    limits.setConfig(UNLIMITED);
    expect((await run(limits, a, 5)).every((d) => d.ok)).toBe(true);
    limits.setConfig({ ...UNLIMITED, tenant: rate('1/min') });
    expect((await run(limits, a, 2)).map((d) => d.ok)).toEqual([true, false]);
  });
});

describe('Limits auth failures', () => {
  it('counts failures per address and blocks once the budget is used', async () => {
    const now = new Date('2026-03-01T12:00:00Z');
    const limits = new Limits({ ...UNLIMITED, authFailures: rate('3/min') }, createMemoryLimiterBackend(), {
      now: () => now,
    });
    const ip = '203.0.113.7';
    // Peeking consumes nothing.
    for (let i = 0; i < 10; i++) expect((await limits.authBlocked(ip)).ok).toBe(true);
    expect((await limits.authFailed(ip)).ok).toBe(true);
    expect((await limits.authFailed(ip)).ok).toBe(true);
    expect((await limits.authBlocked(ip)).ok).toBe(true);
    const third = refused(await limits.authFailed(ip));
    expect(third).toMatchObject({ limit: 'auth_failures', rule: '3/min' });
    const blocked = refused(await limits.authBlocked(ip));
    expect(blocked.limit).toBe('auth_failures');
    expect(blocked.retryAfterSec).toBeGreaterThanOrEqual(1);
    expect(blocked.retryAfterSec).toBeLessThanOrEqual(60);
    expect(blocked.resetAt.getTime()).toBeGreaterThan(now.getTime());
    expect(refused(await limits.authFailed(ip)).limit).toBe('auth_failures');
    // Other addresses are unaffected; valid requests are not counted.
    expect((await limits.authBlocked('198.51.100.1')).ok).toBe(true);
    expect((await limits.check(principal('tok_a'), { call: true })).ok).toBe(true);
    expect((await limits.authBlocked(ip)).ok).toBe(false);
  });
});

describe('Limits per-account sign-in back-off', () => {
  it('lets the first failures through, then locks the account for 1 s, 2 s, 4 s … capped at the window', async () => {
    const limits = new Limits({ ...UNLIMITED, accountFailures: rate('3/10s') }, createMemoryLimiterBackend());
    const who = 'Ada@Acme.example';
    for (let i = 0; i < 3; i++) {
      expect((await limits.accountBlocked(who)).ok).toBe(true);
      expect((await limits.accountFailed(who)).ok).toBe(true);
    }
    // The 4th failure starts a 1 s back-off; the same account in another spelling is the same account.
    const first = refused(await limits.accountFailed(who));
    expect(first).toMatchObject({ limit: 'account_failures', rule: '3/10s', retryAfterSec: 1 });
    expect(refused(await limits.accountBlocked('ada@acme.example ')).limit).toBe('account_failures');
    // Other accounts are unaffected.
    expect((await limits.accountBlocked('bob@acme.example')).ok).toBe(true);
    expect(refused(await limits.accountFailed(who)).retryAfterSec).toBe(2);
    expect(refused(await limits.accountFailed(who)).retryAfterSec).toBe(4);
    expect(refused(await limits.accountFailed(who)).retryAfterSec).toBe(8);
    expect(refused(await limits.accountFailed(who)).retryAfterSec).toBe(10);
    expect(refused(await limits.accountBlocked(who)).retryAfterSec).toBeLessThanOrEqual(10);
    // A successful sign-in forgets the failures.
    await limits.accountSucceeded(who);
    expect((await limits.accountBlocked(who)).ok).toBe(true);
  });

  it('the back-off ends: after the lock the account may try again', async () => {
    const limits = new Limits({ ...UNLIMITED, accountFailures: rate('1/min') }, createMemoryLimiterBackend());
    expect((await limits.accountFailed('c@x.example')).ok).toBe(true);
    const lock = refused(await limits.accountFailed('c@x.example'));
    expect(lock.retryAfterSec).toBe(1);
    await new Promise((r) => setTimeout(r, 1_100));
    expect((await limits.accountBlocked('c@x.example')).ok).toBe(true);
  });
});

describe('createMemoryLimiterBackend', () => {
  it('consumes, peeks and resets per key and spec', async () => {
    const backend = createMemoryLimiterBackend();
    const spec = rate('2/min');
    expect(await backend.peek('k', spec)).toEqual({ consumed: 0, msBeforeNext: 0 });
    expect((await backend.consume('k', spec)).allowed).toBe(true);
    const second = await backend.consume('k', spec);
    expect(second.allowed).toBe(true);
    expect(second.msBeforeNext).toBeGreaterThan(0);
    expect(second.msBeforeNext).toBeLessThanOrEqual(60_000);
    const third = await backend.consume('k', spec);
    expect(third.allowed).toBe(false);
    expect((await backend.peek('k', spec)).consumed).toBe(3);
    // Same key under another spec is a separate counter.
    expect((await backend.consume('k', rate('5/min'))).allowed).toBe(true);
    expect((await backend.consume('k', spec, 0)).allowed).toBe(false);
    await backend.reset('k', spec);
    expect((await backend.peek('k', spec)).consumed).toBe(0);
    expect((await backend.consume('k', spec, 2)).allowed).toBe(true);
    expect((await backend.consume('other', spec)).allowed).toBe(true);
  });
});
