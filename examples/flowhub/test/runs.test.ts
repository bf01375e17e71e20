import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACME_RUNS, count, createTestHub, getJson, type TestHub } from './helpers.js';

let hub: TestHub;
beforeAll(() => {
  hub = createTestHub();
});
afterAll(() => hub.close());

/** The newest failed shopify run (has SchemaMismatch record errors). */
async function failedShopifyRun(): Promise<string> {
  const { body } = await getJson(
    hub.acme,
    '/api/runs?flow=shopify-orders-to-snowflake&status=failed&limit=1',
  );
  return body.runs[0].id;
}

describe('GET /api/runs', () => {
  it('returns runs across flows newest first (default 20)', async () => {
    const { status, body } = await getJson(hub.acme, '/api/runs');
    expect(status).toBe(200);
    expect(body.runs).toHaveLength(20);
    const times = body.runs.map((r: { queued_at: string }) => r.queued_at);
    expect(times).toEqual([...times].sort().reverse());
    expect(new Set(body.runs.map((r: { flow: string }) => r.flow)).size).toBeGreaterThan(3);
  });

  it('filters by flow, status, since and limit', async () => {
    const running = await getJson(hub.acme, '/api/runs?status=running&limit=200');
    expect(running.body.runs.length).toBe(
      count(hub.db, `SELECT COUNT(*) AS n FROM ${ACME_RUNS} WHERE r.status = 'running'`),
    );
    for (const r of running.body.runs) expect(r.finished_at).toBeNull();

    const recentFailed = await getJson(hub.acme, '/api/runs?status=failed&since=24h&limit=200');
    const flows = new Set(recentFailed.body.runs.map((r: { flow: string }) => r.flow));
    expect(flows).toContain('shopify-orders-to-snowflake');
    expect(flows).toContain('zendesk-tickets-to-bigquery');

    const one = await getJson(hub.acme, '/api/runs?flow=stripe-charges-to-bigquery&limit=7');
    expect(one.body.runs).toHaveLength(7);
    for (const r of one.body.runs) expect(r.flow).toBe('stripe-charges-to-bigquery');
  });

  it('404s for an unknown flow filter and 400s for bad filters', async () => {
    const missing = await getJson(hub.acme, '/api/runs?flow=ghost-flow');
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toContain("'ghost-flow'");
    expect((await getJson(hub.acme, '/api/runs?status=ok')).status).toBe(400);
    expect((await getJson(hub.acme, '/api/runs?since=3x')).status).toBe(400);
    expect((await getJson(hub.acme, '/api/runs?limit=1000')).status).toBe(400);
  });
});

describe('GET /api/runs/{run_id}', () => {
  it('returns run detail with timing, records, errors and flow', async () => {
    const id = await failedShopifyRun();
    const { status, body } = await getJson(hub.acme, `/api/runs/${id}`);
    expect(status).toBe(200);
    expect(body).toMatchObject({
      id,
      flow: 'shopify-orders-to-snowflake',
      source: 'shopify',
      destination: 'snowflake',
      status: 'failed',
      error_class: 'SchemaMismatch',
    });
    expect(body.duration_ms).toBe(Date.parse(body.finished_at) - Date.parse(body.started_at));
    expect(body.records_failed).toBeGreaterThan(0);
    expect(body.error_count).toBeGreaterThan(0);
    expect(body.error_classes).toEqual([{ error_class: 'SchemaMismatch', count: body.error_count }]);
  });

  it('404s for an unknown run with a message naming it', async () => {
    const { status, body } = await getJson(hub.acme, '/api/runs/run_zzzzzzzzzz');
    expect(status).toBe(404);
    expect(body.error.message).toContain("'run_zzzzzzzzzz'");
    expect((await getJson(hub.acme, '/api/runs/run_zzzzzzzzzz/errors')).status).toBe(404);
  });
});

describe('GET /api/runs/{run_id}/errors', () => {
  it('returns per-record errors with record ids and JSON payload excerpts', async () => {
    const id = await failedShopifyRun();
    const detail = await getJson(hub.acme, `/api/runs/${id}`);
    const { status, body } = await getJson(hub.acme, `/api/runs/${id}/errors`);
    expect(status).toBe(200);
    expect(body).toMatchObject({
      run_id: id,
      flow: 'shopify-orders-to-snowflake',
      total: detail.body.error_count,
    });
    expect(body.errors).toHaveLength(detail.body.error_count);
    for (const e of body.errors) {
      expect(e.error_class).toBe('SchemaMismatch');
      expect(e.message).toContain('total_price');
      expect(typeof e.record_id).toBe('string');
      expect(String(JSON.parse(e.payload_excerpt).id)).toBe(e.record_id);
    }
  });

  it('filters by error_class and limit, and rejects unknown classes', async () => {
    const id = await failedShopifyRun();
    const none = await getJson(hub.acme, `/api/runs/${id}/errors?error_class=Timeout`);
    expect(none.body).toMatchObject({ total: 0, errors: [] });
    const two = await getJson(hub.acme, `/api/runs/${id}/errors?error_class=SchemaMismatch&limit=2`);
    expect(two.body.errors).toHaveLength(2);
    expect(two.body.total).toBeGreaterThan(2);
    const bad = await getJson(hub.acme, `/api/runs/${id}/errors?error_class=Oops`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('SchemaMismatch');
  });
});
