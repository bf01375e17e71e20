import { type Clock, createClock } from './clock.js';
import {
  createRunWriter,
  type ErrorClass,
  type FlowHubDb,
  type FlowRow,
  newRunId,
  planFailure,
  planSuccess,
  runFailureMessage,
  SeededRandom,
} from './db/index.js';

/** Options for {@link SyncRunner}. */
export interface SyncRunnerOptions {
  /** Total time from queued to finished, in ms (default 3000). Running starts at a quarter of it. */
  runDurationMs?: number;
  clock?: Clock;
}

/** The response to a sync trigger. */
export interface QueuedRun {
  run_id: string;
  status: 'queued';
  flow: string;
  queued_at: string;
}

/**
 * Runs manual syncs for real: each trigger inserts a queued run that a timer moves to running and
 * then to success or failed (a failing flow keeps failing with its latest error class).
 */
export class SyncRunner {
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly durationMs: number;
  private readonly clock: Clock;
  private closed = false;

  constructor(
    private readonly db: FlowHubDb,
    opts: SyncRunnerOptions = {},
  ) {
    this.durationMs = Math.max(0, opts.runDurationMs ?? 3000);
    this.clock = opts.clock ?? createClock();
  }

  /** Number of syncs still in progress. */
  get inProgress(): number {
    return this.timers.size;
  }

  /** Queues a manual run of `flow` (in the flow's own workspace) and schedules its progress. */
  trigger(flow: FlowRow): QueuedRun {
    const id = newRunId();
    const queuedAt = this.clock().toISOString();
    this.db
      .prepare(
        `INSERT INTO runs (id, flow_id, status, trigger, queued_at) VALUES (?, ?, 'queued', 'manual', ?)`,
      )
      .run(id, flow.id, queuedAt);
    this.db.prepare('UPDATE flows SET last_run_at = ? WHERE id = ?').run(queuedAt, flow.id);
    this.after(Math.floor(this.durationMs / 4), () => this.start(id));
    this.after(this.durationMs, () => this.finish(id, flow));
    return { run_id: id, status: 'queued', flow: flow.name, queued_at: queuedAt };
  }

  /** Cancels all pending progress timers (runs stay in their current state). */
  close(): void {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  private after(ms: number, fn: () => void): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      if (!this.closed) fn();
    }, ms);
    t.unref();
    this.timers.add(t);
  }

  private start(id: string): void {
    this.db
      .prepare(`UPDATE runs SET status = 'running', started_at = ? WHERE id = ? AND status = 'queued'`)
      .run(this.clock().toISOString(), id);
  }

  private finish(id: string, flow: FlowRow): void {
    const rng = new SeededRandom(Math.floor(Math.random() * 2 ** 32));
    const volume = this.typicalVolume(flow.id, rng);
    const current = this.db.prepare('SELECT status FROM flows WHERE id = ?').get(flow.id) as {
      status: string;
    };
    const failure = current.status === 'failing' ? this.latestFailure(flow.id) : null;
    const plan = failure ? planFailure(failure, volume, rng) : planSuccess(volume, [], rng);
    const finishedAt = this.clock();
    const run = this.db.prepare('SELECT started_at FROM runs WHERE id = ?').get(id) as {
      started_at: string | null;
    };
    const startedAt = run.started_at ?? finishedAt.toISOString();
    this.db.transaction(() => {
      this.db
        .prepare(
          `UPDATE runs SET status = ?, started_at = ?, finished_at = ?, records_processed = ?, records_failed = ?,
             error_class = ?, error_message = ? WHERE id = ?`,
        )
        .run(
          plan.status,
          startedAt,
          finishedAt.toISOString(),
          plan.recordsProcessed,
          plan.recordsFailed,
          plan.failure,
          plan.failure ? runFailureMessage(plan.failure, flow.source_connector, plan.recordsFailed) : null,
          id,
        );
      createRunWriter(this.db).insertErrors(plan.errors, {
        runId: id,
        source: flow.source_connector,
        destination: flow.destination_connector,
        rng,
        from: new Date(startedAt),
        to: finishedAt,
      });
      this.db
        .prepare('UPDATE connectors SET last_poll_at = ? WHERE workspace_id = ? AND name = ?')
        .run(finishedAt.toISOString(), flow.workspace_id, flow.source_connector);
    })();
  }

  private latestFailure(flowId: number): ErrorClass {
    const row = this.db
      .prepare(
        `SELECT error_class FROM runs WHERE flow_id = ? AND status = 'failed' AND error_class IS NOT NULL
         ORDER BY queued_at DESC LIMIT 1`,
      )
      .get(flowId) as { error_class: ErrorClass } | undefined;
    return row?.error_class ?? 'Timeout';
  }

  private typicalVolume(flowId: number, rng: SeededRandom): number {
    const row = this.db
      .prepare(
        `SELECT AVG(records_processed + records_failed) AS avg FROM (SELECT records_processed, records_failed
         FROM runs WHERE flow_id = ? AND status = 'success' ORDER BY queued_at DESC LIMIT 10)`,
      )
      .get(flowId) as { avg: number | null };
    const base = row.avg ?? 500;
    return Math.max(1, Math.round(base * (0.8 + rng.next() * 0.4)));
  }
}
