import type { SeededRandom } from './random.js';
import type { FlowSeed } from './seed-flows.js';
import type { ErrorClass } from './types.js';

/** Per-record errors retained per run (the rest are only counted in records_failed). */
export const MAX_ERRORS_PER_RUN = 25;

/** The outcome of a run, decided before it is written. */
export interface RunPlan {
  status: 'success' | 'failed';
  recordsProcessed: number;
  recordsFailed: number;
  /** Run-level error class of a failed run. */
  failure: ErrorClass | null;
  /** One entry per retained error row. */
  errors: ErrorClass[];
}

/** A successful run, sometimes with a few per-record errors of the given classes. */
export function planSuccess(volume: number, recordErrors: readonly ErrorClass[], rng: SeededRandom): RunPlan {
  const errors: ErrorClass[] = [];
  if (recordErrors.length > 0 && rng.chance(0.12)) {
    const n = rng.int(1, 5);
    for (let i = 0; i < n; i++) errors.push(rng.pick(recordErrors));
  }
  return {
    status: 'success',
    recordsProcessed: volume - errors.length,
    recordsFailed: errors.length,
    failure: null,
    errors,
  };
}

/** A failed run of class `cls`, with the error rows that class produces. */
export function planFailure(cls: ErrorClass, volume: number, rng: SeededRandom): RunPlan {
  switch (cls) {
    case 'SchemaMismatch': {
      const n = Math.min(MAX_ERRORS_PER_RUN, rng.int(8, 25));
      return plan(0, volume, cls, Array(n).fill(cls));
    }
    case 'RateLimitExceeded': {
      const processed = Math.floor(volume * (0.3 + rng.next() * 0.4));
      const failed = volume - processed;
      return plan(processed, failed, cls, Array(Math.min(failed, rng.int(3, 12))).fill(cls));
    }
    case 'AuthExpired':
      return plan(0, 0, cls, [cls]);
    case 'Timeout':
      return plan(Math.floor(volume * rng.next() * 0.5), 0, cls, [cls]);
    default: {
      const n = Math.min(MAX_ERRORS_PER_RUN, rng.int(5, 20));
      return plan(volume - n, n, cls, Array(n).fill(cls));
    }
  }
}

function plan(processed: number, failed: number, failure: ErrorClass, errors: ErrorClass[]): RunPlan {
  return { status: 'failed', recordsProcessed: processed, recordsFailed: failed, failure, errors };
}

/**
 * Decides a seeded run of `flow` queued at `at`, following the flow's story profile.
 * Returns null when the flow had no run at that time (paused).
 */
export function planSeedRun(flow: FlowSeed, at: Date, now: Date, rng: SeededRandom): RunPlan | null {
  const volume = rng.int(flow.volume[0], flow.volume[1]);
  const hoursAgo = (now.getTime() - at.getTime()) / 3_600_000;
  const p = flow.profile;
  switch (p.kind) {
    case 'paused':
      return hoursAgo < p.hoursAgo ? null : planHealthy(flow, volume, rng);
    case 'schema_break':
      return hoursAgo < p.hoursAgo
        ? planFailure('SchemaMismatch', volume, rng)
        : planHealthy(flow, volume, rng);
    case 'auth_expired':
      return hoursAgo < p.hoursAgo ? planFailure('AuthExpired', volume, rng) : planHealthy(flow, volume, rng);
    case 'broken':
      return hoursAgo < p.hoursAgo ? planFailure(p.errorClass, volume, rng) : planHealthy(flow, volume, rng);
    case 'rate_limited': {
      const share = hoursAgo < p.hoursAgo ? p.failShare : 0.03;
      return rng.chance(share)
        ? planFailure('RateLimitExceeded', volume, rng)
        : planHealthy(flow, volume, rng);
    }
    case 'timeouts':
      return rng.chance(p.failShare) ? planFailure('Timeout', volume, rng) : planHealthy(flow, volume, rng);
    case 'healthy':
      return planHealthy(flow, volume, rng);
  }
}

function planHealthy(flow: FlowSeed, volume: number, rng: SeededRandom): RunPlan {
  return rng.chance(0.01) ? planFailure('Timeout', volume, rng) : planSuccess(volume, flow.recordErrors, rng);
}
