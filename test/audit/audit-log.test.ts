import { afterEach, describe, expect, it, vi } from 'vitest';
import { AuditLog } from '../../src/audit/index.js';
import { PorticoError } from '../../src/errors/index.js';
import { silentLogger } from '../../src/observability/index.js';
import { openSqliteStore, type Store } from '../../src/store/index.js';
import { ControlledStore, capturedLogger, row, tempDbFile } from './helpers.js';

const HOUR = 3_600_000;
const cleanup: Array<() => Promise<void>> = [];

afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

async function openStore(kind: 'memory' | 'file' = 'file'): Promise<Store> {
  const store = await openSqliteStore(kind === 'memory' ? ':memory:' : tempDbFile());
  let closed = false;
  cleanup.push(async () => {
    if (!closed) await store.close().catch(() => undefined);
  });
  const close = store.close.bind(store);
  store.close = async () => {
    closed = true;
    await close();
  };
  return store;
}

function auditLog(store: Store, opts: Partial<ConstructorParameters<typeof AuditLog>[1]> = {}): AuditLog {
  const log = new AuditLog(store, {
    logger: silentLogger(),
    retentionDays: 30,
    flushIntervalMs: HOUR,
    ...opts,
  });
  cleanup.push(() => log.close());
  return log;
}

const ids = (rows: Array<{ requestId: string }>): string[] => rows.map((r) => r.requestId);
const range = (from: number, to: number): string[] =>
  Array.from({ length: to - from }, (_, i) => `r${from + i}`);

describe('AuditLog', () => {
  it('batches: many record() calls are written by one flush, in order', async () => {
    const ctl = new ControlledStore(await openStore());
    const log = auditLog(ctl.store, { maxBatch: 10_000 });
    for (let i = 0; i < 1_000; i++) log.record(row(i));
    expect(log.pending).toBe(1_000);
    expect(await ctl.real.queryAudit()).toEqual([]);
    await log.flush();
    expect(ctl.appendCalls).toEqual([1_000]);
    expect(log.pending).toBe(0);
    expect(ids(await ctl.real.queryAudit({ limit: 10_000 }))).toEqual(range(0, 1_000).reverse());
  });

  it('writes in batches of maxBatch and flushes at once when maxBatch is reached', async () => {
    const ctl = new ControlledStore(await openStore('memory'));
    const log = auditLog(ctl.store, { maxBatch: 100 });
    for (let i = 0; i < 250; i++) log.record(row(i));
    await vi.waitFor(async () => expect(await ctl.real.queryAudit({ limit: 1_000 })).toHaveLength(250));
    expect(ctl.appendCalls).toEqual([100, 100, 50]);
    expect(ids(await ctl.real.queryAudit({ limit: 1_000 }))).toEqual(range(0, 250).reverse());
  });

  it('flushes on its interval without an explicit flush', async () => {
    const store = await openStore();
    const log = auditLog(store, { flushIntervalMs: 5 });
    log.record(row(1));
    log.record(row(2));
    await vi.waitFor(async () => expect(ids(await store.queryAudit())).toEqual(['r2', 'r1']));
    expect(log.pending).toBe(0);
  });

  it('query() flushes first, so a just-recorded row is visible', async () => {
    const store = await openStore();
    const log = auditLog(store);
    log.record(row(1, { args: { id: 7 }, argKeys: ['id'] }));
    const rows = await log.query({ tenantId: 'acme' });
    expect(ids(rows)).toEqual(['r1']);
    expect(rows[0]!.args).toEqual({ id: 7 });
    expect(await log.query({ tenantId: 'other' })).toEqual([]);
  });

  it('close() writes every queued row, and later rows are refused with a warning', async () => {
    const store = await openStore();
    const { logger, lines } = capturedLogger();
    const log = new AuditLog(store, { logger, retentionDays: 30, flushIntervalMs: HOUR });
    for (let i = 0; i < 42; i++) log.record(row(i));
    await log.close();
    expect(ids(await store.queryAudit())).toEqual(range(0, 42).reverse());
    log.record(row(99));
    log.record(row(100));
    expect(log.pending).toBe(0);
    await log.close();
    expect(await store.queryAudit({ limit: 1_000 })).toHaveLength(42);
    expect(lines().filter((l) => String(l.msg).includes('after close'))).toHaveLength(1);
  });

  it('keeps rows when a write fails and writes them, once and in order, on a later flush', async () => {
    const ctl = new ControlledStore(await openStore());
    const { logger, lines } = capturedLogger();
    const log = new AuditLog(ctl.store, { logger, retentionDays: 30, flushIntervalMs: HOUR });
    cleanup.push(() => log.close());
    for (let i = 0; i < 5; i++) log.record(row(i, { args: { password: 'hunter2' } }));
    ctl.failNext = Number.POSITIVE_INFINITY; // the store is down (a single failure is retried row by row at once)
    await expect(log.flush()).resolves.toBeUndefined();
    expect(log.pending).toBe(5);
    expect(await ctl.real.queryAudit()).toEqual([]);
    const warn = lines().find((l) => String(l.msg).includes('writing audit rows failed'));
    expect(warn).toMatchObject({ level: 40, rows: 5, pending: 5 });
    expect(JSON.stringify(lines())).not.toContain('hunter2');

    ctl.failNext = 0;
    log.record(row(5));
    await log.flush();
    expect(log.pending).toBe(0);
    expect(ids(await ctl.real.queryAudit())).toEqual(range(0, 6).reverse());
  });

  it('retries a failed write by itself', async () => {
    const ctl = new ControlledStore(await openStore('memory'));
    const log = auditLog(ctl.store, { flushIntervalMs: 1 });
    ctl.failNext = 2;
    log.record(row(1));
    await vi.waitFor(async () => expect(ids(await ctl.real.queryAudit())).toEqual(['r1']), {
      timeout: 5_000,
    });
    expect(ctl.appendCalls).toEqual([1, 1, 1]);
  });

  it('keeps rows queued when the underlying store is already closed', async () => {
    const store = await openStore();
    const { logger, lines } = capturedLogger();
    const log = new AuditLog(store, { logger, retentionDays: 30, flushIntervalMs: HOUR });
    await store.close();
    log.record(row(1));
    log.record(row(2));
    await log.flush();
    expect(log.pending).toBe(2);
    expect(lines().some((l) => String(l.msg).includes('writing audit rows failed'))).toBe(true);
    await log.close();
    expect(lines().find((l) => String(l.msg).includes('before shutdown'))).toMatchObject({
      level: 50,
      pending: 2,
    });
  });

  it('serializes concurrent flushes: no row is written twice or out of order', async () => {
    const ctl = new ControlledStore(await openStore());
    const log = auditLog(ctl.store);
    for (let i = 0; i < 10; i++) log.record(row(i));
    ctl.hold();
    const first = log.flush();
    await vi.waitFor(() => expect(ctl.appendCalls).toEqual([10]));
    for (let i = 10; i < 20; i++) log.record(row(i));
    expect(log.pending).toBe(20);
    const second = log.flush();
    const third = log.flush();
    const query = log.query({ limit: 100 });
    ctl.open();
    await Promise.all([first, second, third]);
    expect(ctl.appendCalls).toEqual([10, 10]);
    expect(ids(await query)).toEqual(range(0, 20).reverse());
    expect(ids(await ctl.real.queryAudit({ limit: 100 }))).toEqual(range(0, 20).reverse());
  });

  it('bounds the queue while the store fails, dropping the oldest rows and saying how many', async () => {
    const ctl = new ControlledStore(await openStore('memory'));
    const { logger, lines } = capturedLogger();
    const log = new AuditLog(ctl.store, { logger, retentionDays: 30, flushIntervalMs: HOUR, maxQueued: 50 });
    cleanup.push(() => log.close());
    ctl.failNext = Number.POSITIVE_INFINITY;
    for (let i = 0; i < 60; i++) log.record(row(i));
    expect(log.pending).toBe(50);
    await log.flush();
    expect(lines().find((l) => String(l.msg).includes('dropped'))).toMatchObject({
      dropped: 10,
      maxQueued: 50,
    });
    ctl.failNext = 0;
    await log.flush();
    expect(ids(await ctl.real.queryAudit({ limit: 100 }))).toEqual(range(10, 60).reverse());
  });

  it('never throws from record()', async () => {
    const log = auditLog(await openStore('memory'));
    const hostile = Object.defineProperty({ ...row(1) }, 'requestId', {
      enumerable: true,
      get() {
        throw new Error('boom');
      },
    });
    expect(() => log.record(hostile)).not.toThrow();
  });
});

describe('AuditLog retention', () => {
  const now = new Date('2026-03-20T00:00:00.000Z');
  const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000);

  it('prunes rows older than the retention and follows setRetentionDays', async () => {
    const store = await openStore();
    await store.appendAudit([
      row(1, { at: daysAgo(10) }),
      row(2, { at: daysAgo(6) }),
      row(3, { at: daysAgo(1) }),
    ]);
    const log = auditLog(store, { retentionDays: 7, now: () => now });
    expect(await log.prune()).toBe(1);
    expect(ids(await store.queryAudit())).toEqual(['r3', 'r2']);
    log.setRetentionDays(5);
    expect(await log.prune()).toBe(1);
    expect(await log.prune()).toBe(0);
    expect(ids(await store.queryAudit())).toEqual(['r3']);
  });

  it('refuses a retention that is not a positive number of days', async () => {
    const store = await openStore('memory');
    const log = auditLog(store);
    for (const bad of [0, -1, Number.NaN]) {
      expect(() => log.setRetentionDays(bad)).toThrow(PorticoError);
      expect(() => new AuditLog(store, { logger: silentLogger(), retentionDays: bad })).toThrow(/positive/);
    }
    expect(() => log.setRetentionDays(0)).toThrow(expect.objectContaining({ code: 'invalid_input' }));
  });

  it('start() prunes at once and then periodically', async () => {
    const store = await openStore();
    await store.appendAudit([row(1, { at: daysAgo(40) }), row(2, { at: daysAgo(1) })]);
    const log = auditLog(store, { now: () => now, pruneIntervalMs: 20 });
    log.start();
    log.start();
    await vi.waitFor(async () => expect(ids(await store.queryAudit())).toEqual(['r2']));
    await store.appendAudit([row(3, { at: daysAgo(31) })]);
    await vi.waitFor(async () => expect(ids(await store.queryAudit())).toEqual(['r2']));
  });
});
