import { type LoadOptions, type LoadResult, runLoad } from './load.js';
import { processCpuUs } from './proc-cpu.js';
import type { BenchRequest } from './requests.js';
import { summarize } from './stats.js';

/** One server under comparison: the request replayed and the process that serves it. */
export interface SideTarget {
  request: BenchRequest;
  /** The serving process (its CPU per call is measured from /proc). */
  pid: number;
  verifyBody: (body: string) => boolean;
  /** How to drive it (default: autocannon replaying `request`, {@link runLoad}). */
  run?: (opts: LoadOptions) => Promise<LoadResult>;
}

/** Pooled result of one target at one concurrency, with CPU per call of the processes involved. */
export interface SideResult extends LoadResult {
  /** CPU µs per successful call of the serving process (utime + stime over the measured blocks). */
  cpuUsPerCall: number;
  /** CPU µs per call of the upstream (FlowHub) process over the same blocks. */
  upstreamCpuUsPerCall: number;
  /** req/s of each round (the pooled `rps` is total requests over total seconds). */
  roundRps: number[];
}

/**
 * Run every target at every concurrency, `rounds` times, interleaved: within a concurrency each
 * round runs all targets one after the other, the order rotated every round, so drift of a shared
 * machine reaches every target alike. Samples pool across rounds. CPU is read from /proc before
 * and after each measured block (warm-up excluded).
 */
export async function runSideBySide(opts: {
  targets: SideTarget[];
  upstreamPid: number;
  connections: number[];
  rounds: number;
  durationSec: number;
  warmupSec: number;
  onBlock?: (label: string, connections: number, round: number, r: LoadResult, cpuUsPerCall: number) => void;
}): Promise<SideResult[]> {
  const out: SideResult[] = [];
  for (const connections of opts.connections) {
    const acc = new Map(
      opts.targets.map((t) => [
        t.request.label,
        { samples: [] as number[], seconds: 0, cpu: 0, upCpu: 0, rps: [] as number[] },
      ]),
    );
    const n = opts.targets.length;
    for (let round = 0; round < opts.rounds; round++) {
      for (let k = 0; k < n; k++) {
        const t = opts.targets[(round + k) % n]!;
        const run = t.run ?? runLoad;
        if (opts.warmupSec > 0) {
          await run({
            request: t.request,
            connections,
            durationSec: opts.warmupSec,
            warmupSec: 0,
            verifyBody: t.verifyBody,
          });
        }
        const cpu0 = processCpuUs(t.pid);
        const up0 = processCpuUs(opts.upstreamPid);
        const r = await run({
          request: t.request,
          connections,
          durationSec: opts.durationSec,
          warmupSec: 0,
          verifyBody: t.verifyBody,
          keepSamples: true,
        });
        const cpu = processCpuUs(t.pid) - cpu0;
        const upCpu = processCpuUs(opts.upstreamPid) - up0;
        const a = acc.get(t.request.label)!;
        a.samples.push(...(r.samples ?? []));
        a.seconds += r.seconds;
        a.cpu += cpu;
        a.upCpu += upCpu;
        a.rps.push(r.rps);
        opts.onBlock?.(t.request.label, connections, round, r, cpu / r.requests);
      }
    }
    for (const t of opts.targets) {
      const a = acc.get(t.request.label)!;
      out.push({
        label: t.request.label,
        connections,
        requests: a.samples.length,
        seconds: a.seconds,
        rps: a.samples.length / a.seconds,
        latency: summarize(a.samples),
        cpuUsPerCall: a.cpu / a.samples.length,
        upstreamCpuUsPerCall: a.upCpu / a.samples.length,
        roundRps: a.rps,
      });
    }
  }
  return out;
}
