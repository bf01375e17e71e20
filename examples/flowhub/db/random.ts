import { randomBytes } from 'node:crypto';

/** A small deterministic pseudo-random generator (mulberry32) with convenience helpers. */
export class SeededRandom {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0 || 0x9e3779b9;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** One element of a non-empty array. */
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** `n` base36 characters. */
  base36(n: number): string {
    let out = '';
    for (let i = 0; i < n; i++) out += Math.floor(this.next() * 36).toString(36);
    return out;
  }
}

/** A run id: `run_` followed by 10 base36 characters, from `rng` or crypto randomness. */
export function newRunId(rng?: SeededRandom): string {
  if (rng) return `run_${rng.base36(10)}`;
  const bytes = randomBytes(10);
  let out = '';
  for (const b of bytes) out += (b % 36).toString(36);
  return `run_${out}`;
}
