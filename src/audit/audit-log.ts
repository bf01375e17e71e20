import { PorticoError } from '../errors/index.js';
import type { Logger } from '../observability/index.js';
import type { AuditFilter, AuditRow, Store, StoredAuditRow } from '../store/index.js';
import { boundedCopy, omittedMarker } from './bounded-copy.js';

const DAY_MS = 86_400_000;
/** Longest wait between retries of a failing write. */
const MAX_RETRY_MS = 30_000;

/** Options of {@link AuditLog}. */
export interface AuditLogOptions {
  logger: Logger;
  /** Rows older than this many days are deleted by {@link AuditLog.prune} (positive). */
  retentionDays: number;
  /** Longest a recorded row waits before it is written (default 200 ms). */
  flushIntervalMs?: number;
  /** Rows per write; reaching it flushes at once (default 500). */
  maxBatch?: number;
  /** Period of the automatic pruning started by {@link AuditLog.start} (default 1 h). */
  pruneIntervalMs?: number;
  /** Most rows kept in memory while the store fails; the oldest beyond are dropped (default 100,000). */
  maxQueued?: number;
  /** Most bytes (approximate JSON size) kept in memory while the store fails (default 64 MiB). */
  maxQueuedBytes?: number;
  /** Counts replaced values and dropped rows (implemented by `observability/Metrics`). */
  metrics?: AuditMetrics;
  /** Clock of the retention cutoff (tests). */
  now?: () => Date;
}

/** What the audit trail reports to metrics. */
export interface AuditMetrics {
  /** `n` values of a row were replaced by a marker (too deep, too large, not JSON). */
  auditValuesReplaced(n: number): void;
  /** `n` rows were not written: `queue_full` (the store could not keep up), `unwritable` (refused by the store even without its values), `after_close`. */
  auditRowsDropped(reason: 'queue_full' | 'unwritable' | 'after_close', n: number): void;
}

/** A queued row with its approximate size and, for {@link AuditLog.commit}, who waits for it. */
interface Entry {
  row: AuditRow;
  bytes: number;
  settle?: (written: boolean) => void;
}

/** Fixed cost of a row's columns other than its arguments, in bytes (approximate). */
const ROW_BASE_BYTES = 256;

/** The row with its argument values replaced by one marker (a row the store refused). */
function stripped(row: AuditRow): AuditRow {
  return {
    ...row,
    argKeys: [],
    args: row.args === null ? null : { _portico: omittedMarker('the store refused this row') },
  };
}

function checkRetention(days: number): number {
  if (!Number.isFinite(days) || days <= 0) {
    throw new PorticoError(
      'invalid_input',
      `Audit retention must be a positive number of days; got ${String(days)}. Set audit.retention_days (e.g. 30).`,
    );
  }
  return days;
}

/**
 * The audit trail: {@link record} is synchronous and cheap (the request path never waits for the
 * database); rows are written in order, in batches, by one writer at a time.
 */
export class AuditLog {
  private readonly logger: Logger;
  private readonly flushIntervalMs: number;
  private readonly maxBatch: number;
  private readonly pruneIntervalMs: number;
  private readonly maxQueued: number;
  private readonly maxQueuedBytes: number;
  private readonly metrics: AuditMetrics | undefined;
  private readonly now: () => Date;
  private retentionDays: number;

  /** Rows recorded and not yet handed to the store, oldest first. */
  private queue: Entry[] = [];
  /** Approximate bytes of {@link queue}. */
  private queuedBytes = 0;
  /** Rows of the write in progress. */
  private inFlight = 0;
  /** The serial chain of writes: each flush runs after the previous one. */
  private chain: Promise<void> = Promise.resolve();
  private flushTimer: NodeJS.Timeout | undefined;
  private immediatePending = false;
  private pruneTimer: NodeJS.Timeout | undefined;
  private failures = 0;
  /** Rows dropped because the queue was full, not yet reported. */
  private dropped = 0;
  private droppedAfterClose = 0;
  private closed = false;

  constructor(
    private readonly store: Store,
    opts: AuditLogOptions,
  ) {
    this.logger = opts.logger;
    this.retentionDays = checkRetention(opts.retentionDays);
    this.flushIntervalMs = Math.max(0, opts.flushIntervalMs ?? 200);
    this.maxBatch = Math.max(1, Math.floor(opts.maxBatch ?? 500));
    this.pruneIntervalMs = Math.max(10, opts.pruneIntervalMs ?? 3_600_000);
    this.maxQueued = Math.max(1, Math.floor(opts.maxQueued ?? 100_000));
    this.maxQueuedBytes = Math.max(1, Math.floor(opts.maxQueuedBytes ?? 64 * 1024 * 1024));
    this.metrics = opts.metrics;
    this.now = opts.now ?? (() => new Date());
  }

  /** Rows recorded but not yet written (queued or being written). */
  get pending(): number {
    return this.queue.length + this.inFlight;
  }

  /**
   * Enqueue a row (sync, never throws, never awaits the DB); a flush is scheduled. The row is
   * copied into JSON-safe data first: argument values nested too deep, too large or not JSON are
   * replaced by a marker (counted in metrics), so no row can fail to serialize.
   */
  record(row: AuditRow): void {
    this.enqueue(row);
  }

  /**
   * Enqueue a row and wait until it is written (`audit.durability: sync`): resolves true once the
   * row is committed, false when its write failed (it stays queued and is retried) or it was
   * dropped. Concurrent commits share one write (group commit). Never rejects.
   */
  commit(row: AuditRow): Promise<boolean> {
    return new Promise<boolean>((resolve) => {
      if (!this.enqueue(row, resolve)) return;
      this.flushSoon();
    });
  }

  private enqueue(row: AuditRow, settle?: (written: boolean) => void): boolean {
    try {
      if (this.closed) {
        this.metrics?.auditRowsDropped('after_close', 1);
        if (this.droppedAfterClose++ === 0) {
          this.logger.warn(
            { requestId: row.requestId },
            'audit: a row was recorded after close and is dropped',
          );
        }
        settle?.(false);
        return false;
      }
      const entry = this.entryOf(row);
      if (settle !== undefined) entry.settle = settle;
      this.queue.push(entry);
      this.queuedBytes += entry.bytes;
      this.dropOverflow();
      // While writes fail, wait for the retry timer instead of hammering the store.
      if (settle !== undefined) return true;
      if (this.queue.length >= this.maxBatch && this.failures === 0) this.flushSoon();
      else this.scheduleFlush(this.flushIntervalMs);
      return true;
    } catch (err) {
      // Never let auditing break a request.
      this.metrics?.auditRowsDropped('unwritable', 1);
      this.logger.error({ err }, 'audit: a row could not be queued and is dropped');
      settle?.(false);
      return false;
    }
  }

  /** A JSON-safe copy of the row (bounded arguments) with its approximate size. */
  private entryOf(row: AuditRow): Entry {
    let replaced = 0;
    let bytes = ROW_BASE_BYTES;
    let args: Record<string, unknown> | null = null;
    if (row.args !== null && row.args !== undefined) {
      const copy = boundedCopy(row.args);
      replaced += copy.replaced;
      bytes += copy.bytes;
      args =
        copy.value !== null && typeof copy.value === 'object' && !Array.isArray(copy.value)
          ? (copy.value as Record<string, unknown>)
          : { value: copy.value };
    }
    const argKeys = Array.isArray(row.argKeys) ? row.argKeys.map((k) => String(k).slice(0, 256)) : [];
    for (const k of argKeys) bytes += k.length + 3;
    if (replaced > 0) this.metrics?.auditValuesReplaced(replaced);
    const at = row.at instanceof Date && Number.isFinite(row.at.getTime()) ? row.at : this.now();
    const durationMs = Number.isFinite(row.durationMs) ? row.durationMs : 0;
    const upstreamStatus = Number.isFinite(row.upstreamStatus) ? row.upstreamStatus : null;
    return { row: { ...row, at, durationMs, upstreamStatus, argKeys, args }, bytes };
  }

  /**
   * Write everything queued now. On a store failure: log a warning and keep the rows for the
   * next flush (retried with backoff). Never rejects.
   */
  flush(): Promise<void> {
    const run = this.chain.then(() => this.writeQueued());
    this.chain = run.catch(() => undefined);
    return this.chain;
  }

  /** Audit rows matching the filter, newest first; flushes first so a just-recorded row is visible. */
  async query(filter?: AuditFilter): Promise<StoredAuditRow[]> {
    await this.flush();
    return this.store.queryAudit(filter);
  }

  /** Delete rows older than the retention; returns how many. */
  async prune(): Promise<number> {
    const before = new Date(this.now().getTime() - this.retentionDays * DAY_MS);
    const n = await this.store.pruneAudit(before);
    if (n > 0) this.logger.info({ deleted: n, before: before.toISOString() }, 'audit: pruned old rows');
    return n;
  }

  /** Change the retention (config reload); `invalid_input` unless positive. */
  setRetentionDays(days: number): void {
    this.retentionDays = checkRetention(days);
  }

  /** Start periodic pruning (one prune now, then every `pruneIntervalMs`; timers are unref'd). */
  start(): void {
    if (this.closed || this.pruneTimer !== undefined) return;
    this.pruneTimer = setInterval(() => void this.pruneQuietly(), this.pruneIntervalMs);
    this.pruneTimer.unref();
    void this.pruneQuietly();
  }

  /** Stop timers and write everything queued (graceful shutdown). Idempotent. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.pruneTimer !== undefined) clearInterval(this.pruneTimer);
    this.pruneTimer = undefined;
    this.clearFlushTimer();
    await this.flush();
    this.clearFlushTimer();
    if (this.queue.length > 0) {
      this.logger.error(
        { pending: this.queue.length },
        'audit: rows could not be written before shutdown; check the database',
      );
      for (const e of this.queue) e.settle?.(false);
    }
  }

  private async pruneQuietly(): Promise<void> {
    try {
      await this.prune();
    } catch (err) {
      this.logger.warn({ err }, 'audit: pruning old rows failed; will retry at the next interval');
    }
  }

  private flushSoon(): void {
    if (this.immediatePending) return;
    this.immediatePending = true;
    this.clearFlushTimer();
    void this.flush();
  }

  private scheduleFlush(delayMs: number): void {
    if (this.closed || this.flushTimer !== undefined || this.immediatePending) return;
    this.flushTimer = setTimeout(() => {
      this.flushTimer = undefined;
      void this.flush();
    }, delayMs);
    this.flushTimer.unref();
  }

  private clearFlushTimer(): void {
    if (this.flushTimer !== undefined) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
  }

  /** Drop the oldest rows while the queue is over its row or byte bound (counted and logged). */
  private dropOverflow(): void {
    let n = 0;
    while (
      this.queue.length > 1 &&
      (this.queue.length > this.maxQueued || this.queuedBytes > this.maxQueuedBytes)
    ) {
      const e = this.queue.shift() as Entry;
      this.queuedBytes -= e.bytes;
      e.settle?.(false);
      n++;
    }
    if (n === 0) return;
    this.dropped += n;
    this.metrics?.auditRowsDropped('queue_full', n);
  }

  private reportDropped(): void {
    if (this.dropped === 0) return;
    this.logger.warn(
      { dropped: this.dropped, maxQueued: this.maxQueued, maxQueuedBytes: this.maxQueuedBytes },
      'audit: the database could not keep up; oldest unwritten rows were dropped',
    );
    this.dropped = 0;
  }

  /** One flush: write the rows queued when it starts, in batches, oldest first. Never rejects. */
  private async writeQueued(): Promise<void> {
    this.immediatePending = false;
    this.clearFlushTimer();
    let budget = this.queue.length;
    while (budget > 0 && this.queue.length > 0) {
      const batch = this.queue.splice(0, Math.min(this.maxBatch, budget));
      for (const e of batch) this.queuedBytes -= e.bytes;
      this.inFlight = batch.length;
      try {
        const rest = await this.writeBatch(batch);
        if (rest.length > 0) {
          this.queue.unshift(...rest);
          for (const e of rest) this.queuedBytes += e.bytes;
          this.dropOverflow();
          this.failures++;
          this.logger.warn(
            { err: this.lastError, rows: rest.length, pending: this.queue.length, attempt: this.failures },
            'audit: writing audit rows failed; they are kept and retried',
          );
          for (const e of rest) e.settle?.(false);
          for (const e of rest) delete e.settle;
          this.reportDropped();
          this.scheduleRetry();
          return;
        }
        budget -= batch.length;
        this.failures = 0;
      } finally {
        this.inFlight = 0;
      }
    }
    this.reportDropped();
    // Rows recorded while this flush ran get their own (timed) flush.
    if (this.queue.length > 0) {
      if (this.queue.length >= this.maxBatch) this.flushSoon();
      else this.scheduleFlush(this.flushIntervalMs);
    }
  }

  private lastError: unknown;

  /**
   * Write a batch; returns the rows left unwritten because the store is failing (empty on
   * success). When the whole batch fails, its rows are written one by one so that a row the store
   * refuses never holds back the others: such a row is written once more without its argument
   * values (a marker instead), and dropped (counted, logged) if the store refuses even that while
   * other rows succeed. When the first rows all fail, the store is down: the rows are kept.
   */
  private async writeBatch(batch: Entry[]): Promise<Entry[]> {
    if (await this.tryAppend(batch.map((e) => e.row))) {
      for (const e of batch) e.settle?.(true);
      return [];
    }
    /** Rows refused before any row was written: unwritable if a later row succeeds. */
    const refused: Entry[] = [];
    let written = false;
    for (let i = 0; i < batch.length; i++) {
      const e = batch[i] as Entry;
      if (batch.length > 1 && (await this.tryAppend([e.row]))) {
        written = true;
        e.settle?.(true);
      } else if (await this.tryAppend([stripped(e.row)])) {
        written = true;
        this.metrics?.auditValuesReplaced(1);
        this.logger.warn(
          { requestId: e.row.requestId, err: this.lastError },
          'audit: the store refused a row; it was written with its argument values replaced by a marker',
        );
        e.settle?.(true);
      } else if (written) {
        this.dropUnwritable(e);
      } else {
        refused.push(e);
        // Several rows in a row refused, even stripped, and none written: the store is down.
        if (refused.length >= 3 || i === batch.length - 1) return batch.slice(i + 1 - refused.length);
      }
      if (written && refused.length > 0) for (const r of refused.splice(0)) this.dropUnwritable(r);
    }
    return [];
  }

  private dropUnwritable(e: Entry): void {
    this.metrics?.auditRowsDropped('unwritable', 1);
    this.logger.error(
      { requestId: e.row.requestId, tool: e.row.tool, err: this.lastError },
      'audit: a row the store refuses even without its argument values was dropped',
    );
    e.settle?.(false);
  }

  private async tryAppend(rows: AuditRow[]): Promise<boolean> {
    try {
      await this.store.appendAudit(rows);
      return true;
    } catch (err) {
      this.lastError = err;
      return false;
    }
  }

  private scheduleRetry(): void {
    if (this.closed) return;
    this.clearFlushTimer();
    const delay = Math.min(
      MAX_RETRY_MS,
      Math.max(this.flushIntervalMs, 100) * 2 ** Math.min(this.failures, 10),
    );
    this.scheduleFlush(delay);
  }
}
