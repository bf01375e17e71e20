import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog, boundedCopy } from '../../src/audit/index.js';
import { Metrics, silentLogger } from '../../src/observability/index.js';
import { openSqliteStore, type Store } from '../../src/store/index.js';
import { type FaultUpstream, startFaultUpstream } from '../support/fault-upstream.js';
import { type InMemoryGateway, inMemoryGateway } from '../support/in-memory.js';
import { MCP_HEADERS } from '../support/mcp-post.js';
import { capturedLogger, row } from './helpers.js';

/** A value nested `depth` levels deep, built without recursion. */
function deep(depth: number): Record<string, unknown> {
  let v: Record<string, unknown> = { leaf: true };
  for (let i = 0; i < depth; i++) v = { a: v };
  return v;
}

function metricValue(text: string, name: string): number {
  const line = text.split('\n').find((l) => l.startsWith(name));
  return line === undefined ? 0 : Number(line.split(' ').pop());
}

const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

async function setup(opts: Partial<ConstructorParameters<typeof AuditLog>[1]> = {}) {
  const store: Store = await openSqliteStore(':memory:');
  const metrics = new Metrics({ collectDefault: false });
  const log = new AuditLog(store, {
    logger: silentLogger(),
    retentionDays: 30,
    flushIntervalMs: 3_600_000,
    metrics,
    ...opts,
  });
  cleanup.push(async () => {
    await log.close();
    await store.close();
  });
  return { store, metrics, log };
}

describe('boundedCopy', () => {
  it('replaces what is too deep, too large, not JSON or circular by a marker, without recursion past the cap', () => {
    const circular: Record<string, unknown> = { x: 1 };
    circular.self = circular;
    const got = boundedCopy({ deep: deep(10_000), n: 10n, f: () => 1, nan: Number.NaN, circular }, 8, 1_000);
    expect(got.replaced).toBe(5);
    expect(() => JSON.stringify(got.value)).not.toThrow();
    expect(JSON.stringify(got.value)).toContain('[omitted by portico: nested deeper than 8 levels]');
    expect(JSON.stringify(got.value)).toContain('circular reference');
    const big = boundedCopy({ s: 'x'.repeat(5_000) }, 8, 1_000);
    expect(big.value).toEqual({ s: '[omitted by portico: string over the 1000-byte audit budget]' });
    expect(boundedCopy({ a: [1, 'b', null, { c: true }] }).value).toEqual({ a: [1, 'b', null, { c: true }] });
  });
});

describe('AuditLog against poison rows', () => {
  it('writes a 10,000-deep argument row with a marker, counts it, and every later row is written', async () => {
    const { store, metrics, log } = await setup();
    log.record(row(0, { args: { flow: deep(10_000) }, argKeys: ['flow'] }));
    for (let i = 1; i <= 200; i++) log.record(row(i, { args: { flow: `f${i}` }, argKeys: ['flow'] }));
    await log.flush();
    expect(log.pending).toBe(0);
    const rows = await store.queryAudit({ limit: 1_000 });
    expect(rows).toHaveLength(201);
    const poison = rows.find((r) => r.requestId === 'r0');
    expect(JSON.stringify(poison?.args)).toContain('[omitted by portico: nested deeper than 32 levels]');
    expect(metricValue(await metrics.render(), 'portico_audit_values_replaced_total')).toBe(1);
  });

  it('a row the store refuses never blocks the rows behind it; it is dropped, counted and logged', async () => {
    const { logger, lines } = capturedLogger();
    const { store, metrics, log } = await setup({ logger });
    for (let i = 0; i < 10; i++) {
      // better-sqlite3 refuses to bind an object: the real store rejects this row.
      log.record(row(i, i === 3 ? { tool: {} as unknown as string } : {}));
    }
    await log.flush();
    expect(log.pending).toBe(0);
    const ids = (await store.queryAudit({ limit: 100 })).map((r) => r.requestId);
    expect(ids.sort()).toEqual(['r0', 'r1', 'r2', 'r4', 'r5', 'r6', 'r7', 'r8', 'r9']);
    expect(await metrics.render()).toMatch(/portico_audit_rows_dropped_total\{reason="unwritable"\} 1/);
    expect(lines().some((l) => l.requestId === 'r3' && l.level === 50)).toBe(true);
    log.record(row(10));
    await log.flush();
    expect(await store.queryAudit({ limit: 100 })).toHaveLength(10);
  });

  it('bounds the queue by rows and bytes; the overflow is counted and logged', async () => {
    const { logger, lines } = capturedLogger();
    const { store, metrics, log } = await setup({ logger, maxQueued: 50, maxQueuedBytes: 64 * 1024 * 1024 });
    await store.close(); // every write now fails: the queue fills up
    for (let i = 0; i < 80; i++) log.record(row(i));
    expect(log.pending).toBe(50);
    await log.flush();
    expect(await metrics.render()).toMatch(/portico_audit_rows_dropped_total\{reason="queue_full"\} 30/);
    expect(lines().some((l) => l.dropped === 30)).toBe(true);

    const small = await setup({ maxQueued: 100_000, maxQueuedBytes: 200_000 });
    await small.store.close();
    for (let i = 0; i < 20; i++) small.log.record(row(i, { args: { blob: 'y'.repeat(60_000) } }));
    // each row is ~60 KB: at most 3 fit in 200,000 bytes
    expect(small.log.pending).toBeLessThanOrEqual(3);
    expect(await small.metrics.render()).toMatch(
      /portico_audit_rows_dropped_total\{reason="queue_full"\} 1[7-9]/,
    );
  });

  it('commit() resolves once the row is written (sync durability)', async () => {
    const { store, log } = await setup();
    const done = await Promise.all([log.commit(row(1)), log.commit(row(2)), log.commit(row(3))]);
    expect(done).toEqual([true, true, true]);
    expect(await store.queryAudit()).toHaveLength(3);
    await store.close();
    expect(await log.commit(row(4))).toBe(false);
    expect(log.pending).toBe(1);
  });
});

describe('the poison scenario of issue 11 over HTTP', () => {
  const config = fileURLToPath(new URL('../fixtures/hardening.yaml', import.meta.url));
  let upstream: FaultUpstream;
  let gw: InMemoryGateway;
  beforeAll(async () => {
    upstream = await startFaultUpstream();
    gw = await inMemoryGateway(config, { FAULT_URL: upstream.url }, { noAuth: false });
  });
  afterAll(async () => {
    await gw.dispose();
    await upstream.close();
  });

  it('a discovery-only token sends a 10,000-level argument to a recorded tool; every later call is audited', async () => {
    const access = gw.security.access;
    await access.createTenant({ id: 'acme' });
    const discovery = await access.createToken({
      tenantId: 'acme',
      label: 'disc',
      scopes: ['mcp.tools.discovery'],
    });
    const writer = await access.createToken({
      tenantId: 'acme',
      label: 'writer',
      scopes: ['mcp.tools.discovery', 'mcp.tools.invoke', 'mcp.tools.write'],
    });
    const post = (secret: string, body: string) =>
      gw.app.request('http://127.0.0.1/mcp', {
        method: 'POST',
        headers: { ...MCP_HEADERS, host: '127.0.0.1', authorization: `Bearer ${secret}` },
        body,
      });
    const hostile = `{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"create_echo","arguments":{"name":"x","payload":${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}}}}`;
    const first = await post(discovery.secret, hostile);
    expect(first.status).toBeLessThan(500);
    await first.text();
    const n = 40;
    for (let i = 0; i < n; i++) {
      const res = await post(
        writer.secret,
        JSON.stringify({
          jsonrpc: '2.0',
          id: i + 2,
          method: 'tools/call',
          params: { name: 'create_echo', arguments: { name: `later-${i}` } },
        }),
      );
      expect(res.status).toBe(200);
      await res.text();
    }
    const rows = await gw.security.audit.query({ limit: 1_000 });
    const later = rows.filter((r) => r.tokenId === writer.token.id);
    expect(later).toHaveLength(n);
    expect(later.map((r) => (r.args as { name: string }).name).sort()).toEqual(
      Array.from({ length: n }, (_, i) => `later-${i}`).sort(),
    );
    expect(gw.security.audit.pending).toBe(0);
  });
});

describe('audit.durability sync over HTTP', () => {
  const config = fileURLToPath(new URL('../fixtures/hardening.yaml', import.meta.url));
  let upstream: FaultUpstream;
  let gw: InMemoryGateway;
  beforeAll(async () => {
    upstream = await startFaultUpstream();
    gw = await inMemoryGateway(config, { FAULT_URL: upstream.url });
  });
  afterAll(async () => {
    await gw.dispose();
    await upstream.close();
  });

  it('the row is in the store when the response has been read (no flush)', async () => {
    for (let i = 0; i < 5; i++) {
      const res = await gw.app.request('http://127.0.0.1/mcp', {
        method: 'POST',
        headers: { ...MCP_HEADERS, host: '127.0.0.1', 'x-request-id': `sync-${i}` },
        body: JSON.stringify({
          jsonrpc: '2.0',
          id: i,
          method: 'tools/call',
          params: { name: 'get_item', arguments: { id: String(i) } },
        }),
      });
      expect(res.status).toBe(200);
      await res.text();
      const rows = await gw.store.queryAudit({ limit: 100 });
      expect(rows.map((r) => r.requestId)).toContain(`sync-${i}`);
    }
  });
});
