import { afterEach, describe, expect, it } from 'vitest';
import { openFlowHubDb, seedFlowHub } from '../db/index.js';
import { ACME_RUNS, count, createTestHub, NOW, type TestHub } from './helpers.js';

describe('seeded FlowHub data', () => {
  let hub: TestHub;
  afterEach(() => hub?.close());

  it('gives acme 12+ flows including the named ones', () => {
    hub = createTestHub();
    expect(count(hub.db, 'SELECT COUNT(*) AS n FROM flows WHERE workspace_id = 1')).toBeGreaterThanOrEqual(
      12,
    );
    const names = (
      hub.db.prepare('SELECT name FROM flows WHERE workspace_id = 1').all() as { name: string }[]
    ).map((r) => r.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'salesforce-accounts-to-snowflake',
        'hubspot-contacts-to-salesforce',
        'shopify-orders-to-snowflake',
        'netsuite-invoices-to-snowflake',
      ]),
    );
    expect(
      count(
        hub.db,
        'SELECT COUNT(*) AS n FROM field_mappings m JOIN flows f ON f.id = m.flow_id AND f.workspace_id = 1',
      ),
    ).toBeGreaterThan(40);
  });

  it('gives acme 500+ runs within the last 7 days, with failures and per-record errors', () => {
    hub = createTestHub();
    const weekAgo = new Date(NOW.getTime() - 7 * 86_400_000).toISOString();
    expect(
      count(hub.db, `SELECT COUNT(*) AS n FROM ${ACME_RUNS} WHERE r.queued_at >= ?`, weekAgo),
    ).toBeGreaterThanOrEqual(500);
    expect(count(hub.db, 'SELECT COUNT(*) AS n FROM runs WHERE queued_at < ?', weekAgo)).toBe(0);
    expect(count(hub.db, `SELECT COUNT(*) AS n FROM ${ACME_RUNS} WHERE r.status = 'failed'`)).toBeGreaterThan(
      20,
    );
    const classes = (
      hub.db
        .prepare(`SELECT DISTINCT e.error_class FROM ${ACME_RUNS} JOIN run_errors e ON e.run_id = r.id`)
        .all() as { error_class: string }[]
    )
      .map((r) => r.error_class)
      .sort();
    expect(classes).toEqual(
      [
        'AuthExpired',
        'DuplicateKey',
        'NullConstraintViolation',
        'RateLimitExceeded',
        'SchemaMismatch',
        'Timeout',
      ].sort(),
    );
    const ids = hub.db.prepare('SELECT id FROM runs').all() as { id: string }[];
    for (const { id } of ids) expect(id).toMatch(/^run_[0-9a-z]{10}$/);
  });

  it('tells the shopify story: recent runs fail with SchemaMismatch on total_price', () => {
    hub = createTestHub();
    const recent = hub.db
      .prepare(
        `SELECT r.status, r.error_class FROM runs r JOIN flows f ON f.id = r.flow_id
         WHERE f.name = 'shopify-orders-to-snowflake' ORDER BY r.queued_at DESC LIMIT 5`,
      )
      .all() as { status: string; error_class: string }[];
    expect(recent).toHaveLength(5);
    for (const r of recent) expect(r).toEqual({ status: 'failed', error_class: 'SchemaMismatch' });
    expect(
      count(
        hub.db,
        `SELECT COUNT(*) AS n FROM run_errors WHERE message LIKE '%total_price%' AND error_class = 'SchemaMismatch'`,
      ),
    ).toBeGreaterThan(50);
    const flow = hub.db
      .prepare(`SELECT status, workspace_id FROM flows WHERE name = 'shopify-orders-to-snowflake'`)
      .all();
    expect(flow).toEqual([{ status: 'failing', workspace_id: 1 }]);
  });

  it('has a connector near quota and one with expired auth', () => {
    hub = createTestHub();
    const hubspot = hub.db
      .prepare(`SELECT quota_used, quota_limit FROM connectors WHERE workspace_id = 1 AND name = 'hubspot'`)
      .get() as {
      quota_used: number;
      quota_limit: number;
    };
    expect(hubspot.quota_used / hubspot.quota_limit).toBeGreaterThanOrEqual(0.95);
    expect(count(hub.db, `SELECT COUNT(*) AS n FROM connectors WHERE auth_status = 'expired'`)).toBe(1);
    expect(
      count(hub.db, 'SELECT COUNT(*) AS n FROM connectors WHERE workspace_id = 1'),
    ).toBeGreaterThanOrEqual(10);
  });

  it('is deterministic for a given seed and now, and differs across seeds', () => {
    const dump = (seed: number) => {
      const db = openFlowHubDb();
      seedFlowHub(db, { seed, now: NOW });
      const rows = db.prepare('SELECT * FROM runs ORDER BY id').all();
      const errors = db.prepare('SELECT * FROM run_errors ORDER BY id').all();
      db.close();
      return JSON.stringify([rows, errors]);
    };
    expect(dump(7)).toBe(dump(7));
    expect(dump(7)).not.toBe(dump(8));
  });
});
