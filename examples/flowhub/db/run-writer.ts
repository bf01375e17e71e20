import { generateError } from './error-catalog.js';
import type { SeededRandom } from './random.js';
import type { FlowHubDb } from './schema.js';
import type { ErrorClass, RunRow } from './types.js';

/** Context for generating the error rows of one run. */
export interface RunErrorContext {
  runId: string;
  source: string;
  destination: string;
  rng: SeededRandom;
  /** Error rows are spread evenly over [from, to]. */
  from: Date;
  to: Date;
}

/** Prepared statements that write runs and their errors. */
export interface RunWriter {
  insertRun(row: RunRow): void;
  insertErrors(classes: readonly ErrorClass[], ctx: RunErrorContext): void;
}

/** Prepares the run/error insert statements once (call inside a transaction for bulk use). */
export function createRunWriter(db: FlowHubDb): RunWriter {
  const runStmt = db.prepare(
    `INSERT INTO runs (id, flow_id, status, trigger, queued_at, started_at, finished_at,
       records_processed, records_failed, error_class, error_message)
     VALUES (@id, @flow_id, @status, @trigger, @queued_at, @started_at, @finished_at,
       @records_processed, @records_failed, @error_class, @error_message)`,
  );
  const errStmt = db.prepare(
    `INSERT INTO run_errors (run_id, error_class, message, payload_excerpt, record_id, occurred_at)
     VALUES (?, ?, ?, ?, ?, ?)`,
  );
  return {
    insertRun(row) {
      runStmt.run(row);
    },
    insertErrors(classes, ctx) {
      const span = Math.max(0, ctx.to.getTime() - ctx.from.getTime());
      classes.forEach((cls, i) => {
        const at = new Date(ctx.from.getTime() + Math.floor((span * (i + 1)) / (classes.length + 1)));
        const e = generateError(cls, { source: ctx.source, destination: ctx.destination, rng: ctx.rng, at });
        errStmt.run(ctx.runId, cls, e.message, JSON.stringify(e.payload), e.recordId, at.toISOString());
      });
    },
  };
}
