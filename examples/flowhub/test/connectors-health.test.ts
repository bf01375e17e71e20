import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACME_RUNS, count, createTestHub, getJson, NOW, type TestHub } from './helpers.js';

let hub: TestHub;
beforeAll(() => {
  hub = createTestHub();
});
afterAll(() => hub.close());

describe('GET /api/connectors', () => {
  it('lists connectors with auth, quota and degraded flags', async () => {
    const { status, body } = await getJson(hub.acme, '/api/connectors');
    expect(status).toBe(200);
    expect(body.connectors.length).toBe(
      count(hub.db, 'SELECT COUNT(*) AS n FROM connectors WHERE workspace_id = 1'),
    );
    const byName = Object.fromEntries(body.connectors.map((c: { name: string }) => [c.name, c]));
    expect(byName.hubspot).toMatchObject({ auth_status: 'ok', degraded: true, quota: { percent: 96 } });
    expect(byName.hubspot.degraded_reasons[0]).toContain('quota');
    expect(byName.zendesk).toMatchObject({ auth_status: 'expired', degraded: true });
    expect(byName.salesforce).toMatchObject({ auth_status: 'ok', degraded: false, degraded_reasons: [] });
    expect(byName.salesforce.flow_count).toBeGreaterThanOrEqual(4);
    expect(body.connectors.filter((c: { degraded: boolean }) => c.degraded)).toHaveLength(2);
  });
});

describe('GET /api/health', () => {
  it('aggregates failing flows, degraded connectors, queue depth and the 24h error rate', async () => {
    const { status, body } = await getJson(hub.acme, '/api/health');
    expect(status).toBe(200);
    expect(body.status).toBe('degraded');
    expect(body.failing_flows.map((f: { name: string }) => f.name)).toEqual([
      'shopify-orders-to-snowflake',
      'zendesk-tickets-to-bigquery',
    ]);
    const shopify = body.failing_flows[0];
    expect(shopify.last_error_class).toBe('SchemaMismatch');
    const since = Date.parse(shopify.failing_since);
    expect(NOW.getTime() - since).toBeGreaterThan(18 * 3_600_000);
    expect(NOW.getTime() - since).toBeLessThan(22 * 3_600_000);
    expect(body.degraded_connectors.map((c: { name: string }) => c.name)).toEqual(['hubspot', 'zendesk']);

    const queued = count(hub.db, `SELECT COUNT(*) AS n FROM ${ACME_RUNS} WHERE r.status = 'queued'`);
    const running = count(hub.db, `SELECT COUNT(*) AS n FROM ${ACME_RUNS} WHERE r.status = 'running'`);
    expect(body.queue_depth).toEqual({ queued, running, total: queued + running });
    expect(body.queue_depth.total).toBeGreaterThanOrEqual(2);

    const d = body.last_24h;
    expect(d.runs).toBe(d.success + d.failed + d.in_progress);
    expect(d.failed).toBeGreaterThan(0);
    expect(d.error_rate).toBeCloseTo(d.failed / (d.success + d.failed), 3);
  });
});

describe('unknown routes', () => {
  it('answer 404 JSON', async () => {
    for (const path of ['/api/nope', '/', '/api/flows/x/y/z']) {
      const { status, body } = await getJson(hub.acme, path);
      expect(status, path).toBe(404);
      expect(body.error.code).toBe('not_found');
    }
    const del = await getJson(hub.acme, '/api/flows', { method: 'DELETE' });
    expect(del.status).toBe(404);
  });
});
