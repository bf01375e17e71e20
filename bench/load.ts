import autocannon from 'autocannon';
import type { BenchRequest } from './requests.js';
import { type LatencySummary, summarize } from './stats.js';

/** One load scenario: `request` replayed on `connections` keep-alive connections. */
export interface LoadOptions {
  request: BenchRequest;
  connections: number;
  durationSec: number;
  warmupSec: number;
  /** Per-response body check; a false counts as a mismatch and fails the run. */
  verifyBody: (body: string) => boolean;
  /** Keep every latency sample in the result (to pool rounds). */
  keepSamples?: boolean;
}

/** Outcome of one measured run (warm-up excluded). */
export interface LoadResult {
  label: string;
  connections: number;
  requests: number;
  seconds: number;
  rps: number;
  latency: LatencySummary;
  /** Every latency sample in ms, when `keepSamples` was set. */
  samples?: number[];
}

function autocannonOptions(opts: LoadOptions, durationSec: number) {
  const { request } = opts;
  return {
    url: request.url,
    method: request.method,
    headers: request.headers,
    ...(request.body !== undefined ? { body: request.body } : {}),
    connections: opts.connections,
    pipelining: 1,
    duration: durationSec,
    timeout: 10,
    verifyBody: opts.verifyBody,
  };
}

/**
 * Warm up, then measure. autocannon drives the load; latencies are recorded here from its
 * per-response event at full (sub-millisecond) precision, since its own histogram keeps whole
 * milliseconds. Throws if any response failed, timed out or did not look successful.
 */
export async function runLoad(opts: LoadOptions): Promise<LoadResult> {
  if (opts.warmupSec > 0) await autocannon(autocannonOptions(opts, opts.warmupSec));
  const samples: number[] = [];
  let first = 0;
  let last = 0;
  const instance = autocannon(autocannonOptions(opts, opts.durationSec));
  instance.on('response', (_client: unknown, status: number, _bytes: number, ms: number) => {
    if (status < 200 || status >= 300) return;
    const now = performance.now();
    if (first === 0) first = now - ms;
    last = now;
    samples.push(ms);
  });
  const result = await instance;
  const bad = result.errors + result.timeouts + result.mismatches + result.non2xx;
  if (bad > 0) {
    throw new Error(
      `[${opts.request.label} c=${opts.connections}] ${bad} failed responses (errors ${result.errors}, timeouts ${result.timeouts}, mismatched bodies ${result.mismatches}, non-2xx ${result.non2xx}).`,
    );
  }
  const seconds = (last - first) / 1000;
  return {
    label: opts.request.label,
    connections: opts.connections,
    requests: samples.length,
    seconds,
    rps: samples.length / seconds,
    latency: summarize(samples),
    ...(opts.keepSamples === true ? { samples } : {}),
  };
}
