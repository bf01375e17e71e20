import { describe, expect, it } from 'vitest';
import { PorticoError } from '../../src/errors/index.js';
import type { AuditRow, Store } from '../../src/store/index.js';

const T0 = new Date('2026-03-01T10:00:00.000Z');
const seconds = (n: number): Date => new Date(T0.getTime() + n * 1000);

/** An audit row at `T0 + s` seconds (override what a test varies). */
export function auditRow(s: number, over: Partial<AuditRow> = {}): AuditRow {
  return {
    at: seconds(s),
    tenantId: 'acme',
    tokenId: 'tok_a1',
    view: 'default',
    method: 'tools/call',
    tool: 'crm_get_contact',
    outcome: 'ok',
    upstreamStatus: 200,
    durationMs: 12.5,
    requestId: `req-${s}`,
    argKeys: ['id'],
    args: null,
    ...over,
  };
}

/** Audit trail of the Store contract. */
export function auditContract(store: () => Store): void {
  describe('audit log', () => {
    it('round-trips every field (JSON, nulls, real durations, dates as Date)', async () => {
      const full = auditRow(1, {
        argKeys: ['id', 'filter', 'naïve'],
        args: { id: 42, filter: { tags: ['a', 'b'], deep: null }, naïve: 'ünï "q"' },
        durationMs: 1234.567,
        upstreamStatus: 503,
        outcome: 'upstream_error',
      });
      const list = auditRow(2, {
        method: 'tools/list',
        tool: null,
        tenantId: null,
        tokenId: null,
        upstreamStatus: null,
        argKeys: [],
        args: null,
        durationMs: 0.25,
      });
      await store().appendAudit([full, list]);
      const rows = await store().queryAudit();
      expect(rows).toHaveLength(2);
      const [second, first] = rows;
      expect(first).toEqual({ ...full, id: expect.any(Number) });
      expect(second).toEqual({ ...list, id: expect.any(Number) });
      expect(first!.at).toBeInstanceOf(Date);
      expect(first!.durationMs).toBeCloseTo(1234.567, 2);
      expect(second!.durationMs).toBe(0.25);
      expect(second!.id).toBeGreaterThan(first!.id);
    });

    it('returns rows newest first by time, then by insertion order', async () => {
      await store().appendAudit([auditRow(5), auditRow(1), auditRow(9), auditRow(3)]);
      await store().appendAudit([auditRow(5, { requestId: 'later-same-time' })]);
      expect((await store().queryAudit()).map((r) => r.requestId)).toEqual([
        'req-9',
        'later-same-time',
        'req-5',
        'req-3',
        'req-1',
      ]);
    });

    it('keeps input order across chunks of a large append', async () => {
      const rows = Array.from({ length: 1_234 }, (_, i) => auditRow(0, { requestId: `r${i}` }));
      await store().appendAudit(rows);
      await store().appendAudit([]);
      const got = await store().queryAudit({ limit: 10_000 });
      expect(got).toHaveLength(1_234);
      // Same time: newest insertion first, ids strictly decreasing.
      expect(got.map((r) => r.requestId)).toEqual(rows.map((r) => r.requestId).reverse());
      for (let i = 1; i < got.length; i++) expect(got[i]!.id).toBeLessThan(got[i - 1]!.id);
    });

    it('writes nothing from a batch with an invalid row', async () => {
      await store().appendAudit([auditRow(1)]);
      const err = await store()
        .appendAudit([auditRow(2), auditRow(3, { at: new Date('not a date') })])
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(PorticoError);
      expect((err as PorticoError).code).toBe('invalid_input');
      expect((await store().queryAudit()).map((r) => r.requestId)).toEqual(['req-1']);
    });

    it('filters by tenant, tool, outcome and time range, combined with AND', async () => {
      await store().appendAudit([
        auditRow(1, { tenantId: 'acme', tool: 'a', outcome: 'ok' }),
        auditRow(2, { tenantId: 'globex', tool: 'a', outcome: 'denied' }),
        auditRow(3, { tenantId: 'acme', tool: 'b', outcome: 'denied' }),
        auditRow(4, { tenantId: 'acme', tool: 'a', outcome: 'tool_error' }),
        auditRow(5, { tenantId: null, tool: null, method: 'tools/list', outcome: 'ok' }),
        auditRow(6, { tenantId: 'globex', tool: 'b', outcome: 'ok' }),
      ]);
      const ids = async (f: Parameters<Store['queryAudit']>[0]) =>
        (await store().queryAudit(f)).map((r) => r.requestId);
      expect(await ids({ tenantId: 'acme' })).toEqual(['req-4', 'req-3', 'req-1']);
      expect(await ids({ tool: 'a' })).toEqual(['req-4', 'req-2', 'req-1']);
      expect(await ids({ outcome: 'denied' })).toEqual(['req-3', 'req-2']);
      expect(await ids({ since: seconds(3) })).toEqual(['req-6', 'req-5', 'req-4', 'req-3']);
      expect(await ids({ until: seconds(3) })).toEqual(['req-2', 'req-1']);
      expect(await ids({ since: seconds(2), until: seconds(5) })).toEqual(['req-4', 'req-3', 'req-2']);
      expect(await ids({ tenantId: 'acme', tool: 'a', since: seconds(2) })).toEqual(['req-4']);
      expect(await ids({ tenantId: 'globex', outcome: 'ok' })).toEqual(['req-6']);
      expect(await ids({ tenantId: 'nobody' })).toEqual([]);
      expect(await ids({})).toHaveLength(6);
      expect(await ids({ tokenId: 'tok_none' })).toEqual([]);
      expect(await ids({ tokenId: 'tok_a1' })).toHaveLength(6);
      expect(await ids({ limit: 2, offset: 2 })).toEqual(['req-4', 'req-3']);
      expect(await ids({ tenantId: 'acme', limit: 2, offset: 2 })).toEqual(['req-1']);
    });

    it('limits results: default 100, at most 10,000', async () => {
      const rows = Array.from({ length: 10_050 }, (_, i) => auditRow(i));
      await store().appendAudit(rows);
      const byDefault = await store().queryAudit();
      expect(byDefault).toHaveLength(100);
      expect(byDefault[0]!.requestId).toBe('req-10049');
      expect(byDefault[99]!.requestId).toBe('req-9950');
      expect(await store().queryAudit({ limit: 3 })).toHaveLength(3);
      expect(await store().queryAudit({ limit: 0 })).toEqual([]);
      const capped = await store().queryAudit({ limit: 50_000 });
      expect(capped).toHaveLength(10_000);
      expect(capped[9_999]!.requestId).toBe('req-50');
      expect(await store().queryAudit({ limit: 5, tenantId: 'acme', since: seconds(10_048) })).toHaveLength(
        2,
      );
    });

    it('prunes rows older than a time and says how many', async () => {
      await store().appendAudit([auditRow(1), auditRow(2), auditRow(3), auditRow(4)]);
      expect(await store().pruneAudit(seconds(0))).toBe(0);
      expect(await store().pruneAudit(seconds(3))).toBe(2);
      expect((await store().queryAudit()).map((r) => r.requestId)).toEqual(['req-4', 'req-3']);
      expect(await store().pruneAudit(seconds(3))).toBe(0);
      expect(await store().pruneAudit(seconds(100))).toBe(2);
      expect(await store().queryAudit()).toEqual([]);
    });
  });
}
