import { describe, expect, it } from 'vitest';
import type { LimiterBackend } from '../../src/limits/index.js';
import { parseRate, type RateSpec } from '../../src/spec/index.js';

const rate = (text: string): RateSpec => parseRate(text) as RateSpec;

/** The LimiterBackend contract: every backend (memory, Redis) runs this same suite. */
export function limiterBackendContract(name: string, open: () => Promise<LimiterBackend>): void {
  describe(`LimiterBackend contract: ${name}`, () => {
    it('allows N points per window, then refuses with the time until the window resets', async () => {
      const backend = await open();
      const spec = rate('3/min');
      const results = [];
      for (let i = 0; i < 4; i++) results.push(await backend.consume('token:a', spec));
      expect(results.map((r) => r.allowed)).toEqual([true, true, true, false]);
      expect(results[3]!.msBeforeNext).toBeGreaterThan(0);
      expect(results[3]!.msBeforeNext).toBeLessThanOrEqual(60_000);
    });

    it('counts keys and specs separately', async () => {
      const backend = await open();
      const one = rate('1/min');
      expect((await backend.consume('k1', one)).allowed).toBe(true);
      expect((await backend.consume('k2', one)).allowed).toBe(true);
      expect((await backend.consume('k1', one)).allowed).toBe(false);
      // Same key, another rule: its own window.
      expect((await backend.consume('k1', rate('2/min'))).allowed).toBe(true);
    });

    it('consumes several points at once', async () => {
      const backend = await open();
      const spec = rate('5/min');
      expect((await backend.consume('bulk', spec, 4)).allowed).toBe(true);
      expect((await backend.consume('bulk', spec, 2)).allowed).toBe(false);
    });

    it('peeks without consuming and forgets a key on reset', async () => {
      const backend = await open();
      const spec = rate('2/min');
      expect(await backend.peek('p', spec)).toEqual({ consumed: 0, msBeforeNext: 0 });
      await backend.consume('p', spec);
      const seen = await backend.peek('p', spec);
      expect(seen.consumed).toBe(1);
      expect(seen.msBeforeNext).toBeGreaterThan(0);
      expect((await backend.peek('p', spec)).consumed).toBe(1);
      await backend.reset('p', spec);
      expect((await backend.peek('p', spec)).consumed).toBe(0);
      expect((await backend.consume('p', spec)).allowed).toBe(true);
    });

    it('starts a fresh window after the old one expires', async () => {
      const backend = await open();
      const spec = rate('1/s');
      expect((await backend.consume('w', spec)).allowed).toBe(true);
      expect((await backend.consume('w', spec)).allowed).toBe(false);
      await expect.poll(async () => (await backend.peek('w', spec)).consumed, { timeout: 3_000 }).toBe(0);
      expect((await backend.consume('w', spec)).allowed).toBe(true);
    });
  });
}
