import { PorticoError } from '../errors/index.js';
import type { Logger } from '../observability/index.js';
import type { AuditFilter, AuditRow, Store, StoredAuditRow } from '../store/index.js';

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
  /** Clock of the retention cutoff (tests). */
  now?: () => Date;
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
  private readonly now: () => Date;
  private retentionDays: number;

  /** Rows recorded and not yet handed to the store, oldest first. */
  private queue: AuditRow[] = [];
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
    this.now = opts.now ?? (() => new Date());
  }

  /** Rows recorded but not yet written (queued or being written). */
  get pending(): number {
    return this.queue.length + this.inFlight;
  }

  /** Enqueue a row (sync, never throws, never awaits the DB); a flush is scheduled. */
  record(row: AuditRow): void {
    try {
      if (this.closed) {
        if (this.droppedAfterClose++ === 0) {
          this.logger.warn(
            { requestId: row.requestId },
            'audit: a row was recorded after close and is dropped',
          );
        }
        return;
      }
      this.queue.push({ ...row });
      if (this.queue.length > this.maxQueued) this.dropOldest();
      // While writes fail, wait for the retry timer instead of hammering the store.
      if (this.queue.length >= this.maxBatch && this.failures === 0) this.flushSoon();
      else this.scheduleFlush(this.flushIntervalMs);
    } catch {
      // Never let auditing break a request.
    }
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

  private dropOldest(): void {
    const excess = this.queue.length - this.maxQueued;
    if (excess <= 0) return;
    this.queue.splice(0, excess);
    this.dropped += excess;
  }

  private reportDropped(): void {
    if (this.dropped === 0) return;
    this.logger.warn(
      { dropped: this.dropped, maxQueued: this.maxQueued },
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
      this.inFlight = batch.length;
      try {
        await this.store.appendAudit(batch);
        budget -= batch.length;
        this.failures = 0;
      } catch (err) {
        this.queue.unshift(...batch);
        this.dropOldest();
        this.failures++;
        this.logger.warn(
          { err, rows: batch.length, pending: this.queue.length, attempt: this.failures },
          'audit: writing audit rows failed; they are kept and retried',
        );
        this.reportDropped();
        this.scheduleRetry();
        return;
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
