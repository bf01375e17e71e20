import { Pool } from 'undici';
import type { BenchRequest } from './requests.js';
import { type LatencySummary, percentile, summarize } from './stats.js';

/** Per-configuration latencies of an interleaved run, and the paired differences to a baseline. */
export interface PairedResult {
  iterations: number;
  /** Latency of each configuration (ms), by label. */
  latency: Record<string, LatencySummary>;
  /**
   * `medianDiff[a][b]`: the median over iterations of (a's latency − b's in the same iteration),
   * ms. Drift of a shared machine hits both sides of a pair alike, so this is far steadier than
   * the difference of two separately measured p50s.
   */
  medianDiff: Record<string, Record<string, number>>;
}

/** Median of a list of numbers. */
function median(values: number[]): number {
  return percentile(Float64Array.from(values).sort(), 50);
}

/**
 * One connection per request target, requests sent one at a time: each iteration sends every
 * request once, in an order that rotates every iteration, and times each (send → last body
 * byte). `check` runs on every body; a failure throws.
 */
export async function runPaired(opts: {
  requests: BenchRequest[];
  iterations: number;
  warmup: number;
  check: (req: BenchRequest, status: number, body: string) => boolean;
}): Promise<PairedResult> {
  const pools = new Map(
    opts.requests.map((r) => [r.label, new Pool(new URL(r.url).origin, { connections: 1 })]),
  );
  const samples = new Map<string, number[]>(opts.requests.map((r) => [r.label, []]));
  const labels = opts.requests.map((r) => r.label);
  const diffs = new Map<string, number[]>();
  for (const a of labels) for (const b of labels) diffs.set(`${a}\n${b}`, []);
  const send = async (req: BenchRequest): Promise<number> => {
    const url = new URL(req.url);
    const t0 = performance.now();
    const res = await pools.get(req.label)!.request({
      path: `${url.pathname}${url.search}`,
      method: req.method,
      headers: req.headers,
      ...(req.body !== undefined ? { body: req.body } : {}),
    });
    const body = await res.body.text();
    const ms = performance.now() - t0;
    if (!opts.check(req, res.statusCode, body)) {
      throw new Error(`[${req.label}] HTTP ${res.statusCode}: ${body.slice(0, 300)}`);
    }
    return ms;
  };
  try {
    const n = opts.requests.length;
    for (let i = 0; i < opts.warmup + opts.iterations; i++) {
      const times = new Map<string, number>();
      for (let k = 0; k < n; k++) {
        const req = opts.requests[(i + k) % n]!;
        times.set(req.label, await send(req));
      }
      if (i < opts.warmup) continue;
      for (const [a, ms] of times) {
        samples.get(a)!.push(ms);
        for (const [b, other] of times) diffs.get(`${a}\n${b}`)!.push(ms - other);
      }
    }
  } finally {
    for (const p of pools.values()) await p.close();
  }
  return {
    iterations: opts.iterations,
    latency: Object.fromEntries([...samples].map(([label, s]) => [label, summarize(s)])),
    medianDiff: Object.fromEntries(
      labels.map((a) => [a, Object.fromEntries(labels.map((b) => [b, median(diffs.get(`${a}\n${b}`)!)]))]),
    ),
  };
}

/** Medians of an interleaved in-process run (µs). */
export interface PairedOps {
  wallUs: number;
  cpuUs: number;
  /** Median over iterations of (this op − `other` op in the same iteration), by other label. */
  wallDiffUs: Record<string, number>;
  cpuDiffUs: Record<string, number>;
}

/**
 * The in-process counterpart: `ops` (by label) run one after another in a rotating order, each
 * timed for wall and process CPU; returns per label the median wall/CPU and the median paired
 * difference to every other label.
 */
export async function runPairedOps(
  ops: Record<string, () => Promise<unknown>>,
  iterations: number,
  warmup: number,
): Promise<Record<string, PairedOps>> {
  const labels = Object.keys(ops);
  const key = (a: string, b: string) => `${a}\n${b}`;
  const wall = new Map<string, number[]>(labels.map((l) => [l, []]));
  const cpu = new Map<string, number[]>(labels.map((l) => [l, []]));
  const wallDiff = new Map<string, number[]>();
  const cpuDiff = new Map<string, number[]>();
  for (const a of labels) {
    for (const b of labels) {
      wallDiff.set(key(a, b), []);
      cpuDiff.set(key(a, b), []);
    }
  }
  for (let i = 0; i < warmup + iterations; i++) {
    const w = new Map<string, number>();
    const c = new Map<string, number>();
    for (let k = 0; k < labels.length; k++) {
      const label = labels[(i + k) % labels.length]!;
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      await ops[label]!();
      w.set(label, (performance.now() - t0) * 1000);
      const used = process.cpuUsage(c0);
      c.set(label, used.user + used.system);
    }
    if (i < warmup) continue;
    for (const a of labels) {
      wall.get(a)!.push(w.get(a)!);
      cpu.get(a)!.push(c.get(a)!);
      for (const b of labels) {
        wallDiff.get(key(a, b))!.push(w.get(a)! - w.get(b)!);
        cpuDiff.get(key(a, b))!.push(c.get(a)! - c.get(b)!);
      }
    }
  }
  return Object.fromEntries(
    labels.map((a) => [
      a,
      {
        wallUs: median(wall.get(a)!),
        cpuUs: median(cpu.get(a)!),
        wallDiffUs: Object.fromEntries(labels.map((b) => [b, median(wallDiff.get(key(a, b))!)])),
        cpuDiffUs: Object.fromEntries(labels.map((b) => [b, median(cpuDiff.get(key(a, b))!)])),
      },
    ]),
  );
}
