import { CORE_FLOWS } from './flows-core.js';
import { MORE_FLOWS } from './flows-more.js';
import type { ErrorClass, FlowStatus } from './types.js';

/** How a flow's runs behave over the seeded week. */
export type RunProfile =
  /** Mostly successful; occasional per-record errors. */
  | { kind: 'healthy' }
  /** Every run since `hoursAgo` fails with SchemaMismatch on a changed field. */
  | { kind: 'schema_break'; hoursAgo: number }
  /** A share of runs in the last `hoursAgo` hours fail with RateLimitExceeded. */
  | { kind: 'rate_limited'; hoursAgo: number; failShare: number }
  /** Every run since `hoursAgo` fails with `errorClass` (e.g. NULLs hitting a NOT NULL column). */
  | { kind: 'broken'; hoursAgo: number; errorClass: ErrorClass }
  /** Every run since `hoursAgo` fails with AuthExpired. */
  | { kind: 'auth_expired'; hoursAgo: number }
  /** A share of runs time out. */
  | { kind: 'timeouts'; failShare: number }
  /** Healthy until paused `hoursAgo` hours ago; no runs since. */
  | { kind: 'paused'; hoursAgo: number };

/** [source field, destination field, transform, filter, validation] */
export type MappingSeed = [string, string, string | null, string | null, string | null];

export interface FlowSeed {
  name: string;
  description: string;
  status: FlowStatus;
  source: string;
  destination: string;
  owner: string;
  /** Runs every N hours (24 = daily) at `minute`; daily flows run at `hour` UTC. */
  everyHours: number;
  minute: number;
  hour?: number;
  createdDaysAgo: number;
  /** Records per run, [min, max]. */
  volume: [number, number];
  /** Run duration in seconds, [min, max]. */
  durationSec: [number, number];
  profile: RunProfile;
  /** Per-record error classes that occasionally show up on successful runs. */
  recordErrors: ErrorClass[];
  mappings: MappingSeed[];
}

/** The cron expression for a flow's schedule. */
export function cronFor(f: Pick<FlowSeed, 'everyHours' | 'minute' | 'hour'>): string {
  if (f.everyHours >= 24) return `${f.minute} ${f.hour ?? 0} * * *`;
  if (f.everyHours === 1) return `${f.minute} * * * *`;
  return `${f.minute} */${f.everyHours} * * *`;
}

/** The run-level error class a failing flow fails with (SchemaMismatch unless its profile says otherwise). */
export function failureClassOf(f: Pick<FlowSeed, 'profile'>): ErrorClass {
  switch (f.profile.kind) {
    case 'broken':
      return f.profile.errorClass;
    case 'auth_expired':
      return 'AuthExpired';
    default:
      return 'SchemaMismatch';
  }
}

/** Acme's flows. shopify-orders-to-snowflake broke ~20 h ago; zendesk-tickets-to-bigquery ~50 h ago. */
export const FLOW_SEEDS: readonly FlowSeed[] = [...CORE_FLOWS, ...MORE_FLOWS];
