import { runFailureMessage } from './error-catalog.js';
import { newRunId, SeededRandom } from './random.js';
import { planFailure, planSeedRun, planSuccess, type RunPlan } from './run-plans.js';
import { createRunWriter, type RunWriter } from './run-writer.js';
import type { FlowHubDb } from './schema.js';
import { CONNECTOR_SEEDS, type ConnectorSeed } from './seed-connectors.js';
import { cronFor, FLOW_SEEDS, type FlowSeed, failureClassOf } from './seed-flows.js';
import { GLOBEX_CONNECTORS, GLOBEX_FLOWS, GLOBEX_MANUAL_RUNS } from './seed-globex.js';
import type { RunStatus, RunTrigger } from './types.js';
import {
  chooseApiKeys,
  type FlowHubApiKeys,
  type FlowHubWorkspace,
  insertWorkspaces,
  WORKSPACE_SEEDS,
  type WorkspaceSlug,
} from './workspaces.js';

/** Options for {@link seedFlowHub}. */
export interface SeedOptions {
  /** PRNG seed; same seed and `now` give the same data (default 42). API keys are random regardless. */
  seed?: number;
  /** The moment the story is relative to (default: the current time). */
  now?: Date;
  /** Fixed API keys per workspace; others get a random `fh_…` key. */
  apiKeys?: FlowHubApiKeys;
}

interface ManualRun {
  flow: string;
  minutesAgo: number;
  waitMin: number;
  durationMin: number;
}

/** Everything one workspace owns. */
interface WorkspaceStory {
  connectors: readonly ConnectorSeed[];
  flows: readonly FlowSeed[];
  manualRuns: readonly ManualRun[];
}

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

/** Manual runs that complete the story: one running, one queued, a retry of the broken Shopify flow. */
const MANUAL_RUNS: readonly ManualRun[] = [
  { flow: 'salesforce-accounts-to-snowflake', minutesAgo: 3, waitMin: 0.2, durationMin: 6 },
  { flow: 'netsuite-invoices-to-snowflake', minutesAgo: 1, waitMin: 5, durationMin: 8 },
  { flow: 'shopify-orders-to-snowflake', minutesAgo: 6 * 60, waitMin: 0.1, durationMin: 2 },
  { flow: 'hubspot-contacts-to-salesforce', minutesAgo: 2 * 60 + 10, waitMin: 0.3, durationMin: 2 },
];

const STORIES: Record<WorkspaceSlug, WorkspaceStory> = {
  acme: { connectors: CONNECTOR_SEEDS, flows: FLOW_SEEDS, manualRuns: MANUAL_RUNS },
  globex: { connectors: GLOBEX_CONNECTORS, flows: GLOBEX_FLOWS, manualRuns: GLOBEX_MANUAL_RUNS },
};

/**
 * The PRNG seed of a workspace's story. acme uses `seed` itself (its data is what it was before
 * workspaces existed); the others derive their own so they never shift acme's sequence.
 */
function storySeed(seed: number, index: number): number {
  return index === 0 ? seed : (seed ^ Math.imul(0x9e3779b1, index)) >>> 0;
}

const iso = (ms: number): string => new Date(ms).toISOString();

/** Scheduled slot times of a flow within the 7 days before `now` (oldest first). */
function scheduleSlots(flow: FlowSeed, now: number): number[] {
  const slots: number[] = [];
  const from = now - 7 * DAY;
  const hourOffset = flow.everyHours >= 24 ? (flow.hour ?? 0) : 0;
  for (let h = Math.floor(from / HOUR) * HOUR; h <= now; h += HOUR) {
    const utcHour = new Date(h).getUTCHours();
    if (utcHour % flow.everyHours !== hourOffset % flow.everyHours) continue;
    const t = h + flow.minute * MIN;
    if (t > from && t <= now) slots.push(t);
  }
  return slots;
}

/**
 * Seeds the workspaces (acme: connectors, 14 flows, ~1000 runs and their errors; globex: a smaller
 * story) in one transaction. Returns each workspace with its API key (only its hash is stored).
 */
export function seedFlowHub(db: FlowHubDb, opts: SeedOptions = {}): FlowHubWorkspace[] {
  const seed = opts.seed ?? 42;
  const now = (opts.now ?? new Date()).getTime();
  const keys = chooseApiKeys(opts.apiKeys);
  return db.transaction(() => {
    const workspaces = insertWorkspaces(db, keys, now);
    WORKSPACE_SEEDS.forEach((w, i) => {
      seedStory(db, i + 1, STORIES[w.slug], new SeededRandom(storySeed(seed, i)), now);
    });
    db.exec(`UPDATE flows SET last_run_at = (SELECT MAX(queued_at) FROM runs WHERE runs.flow_id = flows.id)`);
    return workspaces;
  })();
}

function seedStory(
  db: FlowHubDb,
  workspaceId: number,
  story: WorkspaceStory,
  rng: SeededRandom,
  now: number,
) {
  seedConnectors(db, workspaceId, story.connectors, now);
  const writer = createRunWriter(db);
  const insertFlow = db.prepare(
    `INSERT INTO flows (workspace_id, name, description, status, source_connector, destination_connector,
       schedule, owner, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertMapping = db.prepare(
    `INSERT INTO field_mappings (flow_id, position, source_field, destination_field, transform, filter, validation)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  const flowIds = new Map<string, number>();
  for (const f of story.flows) {
    const created = iso(now - f.createdDaysAgo * DAY - rng.int(0, 600) * MIN);
    const info = insertFlow.run(
      workspaceId,
      f.name,
      f.description,
      f.status,
      f.source,
      f.destination,
      cronFor(f),
      f.owner,
      created,
    );
    const flowId = Number(info.lastInsertRowid);
    flowIds.set(f.name, flowId);
    f.mappings.forEach((m, i) => {
      insertMapping.run(flowId, i + 1, ...m);
    });
    for (const slot of scheduleSlots(f, now)) {
      const plan = planSeedRun(f, new Date(slot), new Date(now), rng);
      if (!plan) continue;
      const started = slot + rng.int(1, 40) * 1000;
      const timing = { queued: slot, started, finished: started + rng.int(...f.durationSec) * 1000 };
      writeRun(writer, f, flowId, timing, 'scheduled', plan, now, rng);
    }
  }
  for (const m of story.manualRuns) {
    const f = story.flows.find((x) => x.name === m.flow)!;
    const flowId = flowIds.get(f.name)!;
    const volume = rng.int(...f.volume);
    const plan =
      f.status === 'failing' ? planFailure(failureClassOf(f), volume, rng) : planSuccess(volume, [], rng);
    const queued = now - m.minutesAgo * MIN;
    const started = queued + m.waitMin * MIN;
    writeRun(
      writer,
      f,
      flowId,
      { queued, started, finished: started + m.durationMin * MIN },
      'manual',
      plan,
      now,
      rng,
    );
  }
}

function seedConnectors(
  db: FlowHubDb,
  workspaceId: number,
  connectors: readonly ConnectorSeed[],
  now: number,
): void {
  const stmt = db.prepare(
    `INSERT INTO connectors (workspace_id, name, display_name, category, auth_status, auth_expires_at, quota_used,
       quota_limit, quota_resets_at, last_poll_at, last_error) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const resets = iso((Math.floor(now / DAY) + 1) * DAY);
  for (const c of connectors) {
    const expires =
      c.auth_expired_minutes_ago !== undefined
        ? iso(now - c.auth_expired_minutes_ago * MIN)
        : c.auth_expires_in_minutes !== undefined
          ? iso(now + c.auth_expires_in_minutes * MIN)
          : null;
    stmt.run(
      workspaceId,
      c.name,
      c.display_name,
      c.category,
      c.auth_status,
      expires,
      c.quota_used,
      c.quota_limit,
      resets,
      iso(now - c.last_poll_minutes_ago * MIN),
      c.last_error ?? null,
    );
  }
}

function writeRun(
  writer: RunWriter,
  f: FlowSeed,
  flowId: number,
  timing: { queued: number; started: number; finished: number },
  trigger: RunTrigger,
  plan: RunPlan,
  now: number,
  rng: SeededRandom,
): void {
  const { queued: queuedAt, started: startedAt, finished: finishedAt } = timing;
  const status: RunStatus = startedAt > now ? 'queued' : finishedAt > now ? 'running' : plan.status;
  const done = status === 'success' || status === 'failed';
  const id = newRunId(rng);
  writer.insertRun({
    id,
    flow_id: flowId,
    status,
    trigger,
    queued_at: iso(queuedAt),
    started_at: status === 'queued' ? null : iso(startedAt),
    finished_at: done ? iso(finishedAt) : null,
    records_processed: done ? plan.recordsProcessed : 0,
    records_failed: done ? plan.recordsFailed : 0,
    error_class: done ? plan.failure : null,
    error_message:
      done && plan.failure ? runFailureMessage(plan.failure, f.source, plan.recordsFailed) : null,
  });
  if (!done) return;
  const ctx = { runId: id, source: f.source, destination: f.destination, rng };
  writer.insertErrors(plan.errors, { ...ctx, from: new Date(startedAt), to: new Date(finishedAt) });
}
