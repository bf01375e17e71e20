import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, createTestHub, getJson, NOW, type TestHub } from './helpers.js';

let hub: TestHub;
beforeAll(() => {
  hub = createTestHub();
});
afterAll(() => hub.close());

describe('GET /api/flows', () => {
  it('lists all flows sorted by name, each with a last run summary', async () => {
    const { status, body } = await getJson(hub.acme, '/api/flows');
    expect(status).toBe(200);
    expect(body.flows).toHaveLength(count(hub.db, 'SELECT COUNT(*) AS n FROM flows WHERE workspace_id = 1'));
    const names = body.flows.map((f: { name: string }) => f.name);
    expect(names).toEqual([...names].sort());
    const shopify = body.flows.find((f: { name: string }) => f.name === 'shopify-orders-to-snowflake');
    expect(shopify).toMatchObject({ status: 'failing', source: 'shopify', destination: 'snowflake' });
    expect(shopify.last_run).toMatchObject({ status: 'failed', error_class: 'SchemaMismatch' });
    expect(shopify.last_run_at).toBe(shopify.last_run.queued_at);
  });

  it('filters by status, connector and limit', async () => {
    const failing = await getJson(hub.acme, '/api/flows?status=failing');
    expect(failing.body.flows.map((f: { name: string }) => f.name).sort()).toEqual([
      'shopify-orders-to-snowflake',
      'zendesk-tickets-to-bigquery',
    ]);
    const hubspot = await getJson(hub.acme, '/api/flows?connector=hubspot');
    expect(hubspot.body.flows.length).toBeGreaterThanOrEqual(3);
    for (const f of hubspot.body.flows) expect([f.source, f.destination]).toContain('hubspot');
    const limited = await getJson(hub.acme, '/api/flows?limit=3');
    expect(limited.body.flows).toHaveLength(3);
  });

  it('rejects bad filters with 400 naming the parameter', async () => {
    const bad = await getJson(hub.acme, '/api/flows?status=broken');
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('invalid_parameter');
    expect(bad.body.error.message).toContain("'status'");
    expect(bad.body.error.message).toContain('active, paused, failing');
    const conn = await getJson(hub.acme, '/api/flows?connector=oracle');
    expect(conn.status).toBe(400);
    expect(conn.body.error.message).toContain('oracle');
    expect((await getJson(hub.acme, '/api/flows?limit=0')).status).toBe(400);
    expect((await getJson(hub.acme, '/api/flows?limit=201')).status).toBe(400);
  });
});

describe('GET /api/flows/{flow}', () => {
  it('returns the flow detail with schedule, connectors, owner, last run and 24h stats', async () => {
    const { status, body } = await getJson(hub.acme, '/api/flows/netsuite-invoices-to-snowflake');
    expect(status).toBe(200);
    expect(body).toMatchObject({
      name: 'netsuite-invoices-to-snowflake',
      status: 'active',
      source: 'netsuite',
      destination: 'snowflake',
      schedule: '10 */2 * * *',
      owner: 'finance-data@acme.io',
      mapping_count: 5,
    });
    expect(body.last_run.status).toBe('queued');
    expect(body.last_24h.runs).toBeGreaterThanOrEqual(12);
  });

  it('404s for an unknown flow with a message naming it', async () => {
    const { status, body } = await getJson(hub.acme, '/api/flows/no-such-flow');
    expect(status).toBe(404);
    expect(body.error).toEqual({ code: 'not_found', message: expect.stringContaining("'no-such-flow'") });
  });
});

describe('GET /api/flows/{flow}/mappings', () => {
  it('returns the ordered field mappings', async () => {
    const { status, body } = await getJson(hub.acme, '/api/flows/shopify-orders-to-snowflake/mappings');
    expect(status).toBe(200);
    expect(body.flow).toBe('shopify-orders-to-snowflake');
    expect(body.mappings.map((m: { position: number }) => m.position)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(body.mappings).toContainEqual({
      position: 4,
      source_field: 'total_price',
      destination_field: 'TOTAL_PRICE',
      transform: 'to_decimal',
      filter: null,
      validation: 'required, numeric',
    });
    expect((await getJson(hub.acme, '/api/flows/nope/mappings')).status).toBe(404);
  });
});

describe('GET /api/flows/{flow}/runs', () => {
  const path = '/api/flows/hubspot-contacts-to-salesforce/runs';

  it('returns 20 runs newest first by default', async () => {
    const { status, body } = await getJson(hub.acme, path);
    expect(status).toBe(200);
    expect(body.runs).toHaveLength(20);
    const times = body.runs.map((r: { queued_at: string }) => r.queued_at);
    expect(times).toEqual([...times].sort().reverse());
    for (const r of body.runs) expect(r.flow).toBe('hubspot-contacts-to-salesforce');
  });

  it('filters by status, since (relative and ISO) and limit', async () => {
    const failed = await getJson(hub.acme, `${path}?status=failed&limit=200`);
    expect(failed.body.runs.length).toBeGreaterThan(0);
    for (const r of failed.body.runs) expect(r.status).toBe('failed');
    expect(failed.body.runs.map((r: { error_class: string }) => r.error_class)).toContain(
      'RateLimitExceeded',
    );

    const all = await getJson(hub.acme, `${path}?limit=200`);
    const day = await getJson(hub.acme, `${path}?since=24h&limit=200`);
    const dayStart = new Date(NOW.getTime() - 86_400_000).toISOString();
    expect(day.body.runs.length).toBeGreaterThan(10);
    expect(day.body.runs.length).toBeLessThan(all.body.runs.length);
    for (const r of day.body.runs) expect(r.queued_at >= dayStart).toBe(true);

    const iso = await getJson(hub.acme, `${path}?since=${encodeURIComponent(dayStart)}&limit=200`);
    expect(iso.body.runs.map((r: { id: string }) => r.id)).toEqual(
      day.body.runs.map((r: { id: string }) => r.id),
    );
    expect((await getJson(hub.acme, `${path}?limit=5`)).body.runs).toHaveLength(5);
  });

  it('rejects bad filters with 400', async () => {
    for (const q of ['status=done', 'since=yesterday', 'limit=500', 'limit=abc']) {
      const { status, body } = await getJson(hub.acme, `${path}?${q}`);
      expect(status, q).toBe(400);
      expect(body.error.message).toContain(q.split('=')[0]);
    }
  });
});

describe('GET /api/flows/{flow}/error-summary', () => {
  it('ranks error classes with counts and samples (shopify: SchemaMismatch on total_price)', async () => {
    const { status, body } = await getJson(hub.acme, '/api/flows/shopify-orders-to-snowflake/error-summary');
    expect(status).toBe(200);
    const top = body.error_classes[0];
    expect(top.error_class).toBe('SchemaMismatch');
    expect(top.count).toBeGreaterThan(50);
    expect(top.sample_message).toContain('total_price');
    expect(JSON.parse(top.sample_payload_excerpt).total_price).toHaveProperty('shop_money');
    const counts = body.error_classes.map((c: { count: number }) => c.count);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
    expect(body.total_errors).toBe(counts.reduce((a: number, b: number) => a + b, 0));
    expect(body.failed_runs).toBeGreaterThan(10);
  });

  it('honours since and top', async () => {
    const week = await getJson(hub.acme, '/api/flows/shopify-orders-to-snowflake/error-summary');
    const hour = await getJson(
      hub.acme,
      '/api/flows/shopify-orders-to-snowflake/error-summary?since=3h&top=1',
    );
    expect(hour.body.error_classes).toHaveLength(1);
    expect(hour.body.error_classes[0].count).toBeLessThan(week.body.error_classes[0].count);
    expect(
      (await getJson(hub.acme, '/api/flows/shopify-orders-to-snowflake/error-summary?top=0')).status,
    ).toBe(400);
    expect((await getJson(hub.acme, '/api/flows/nope/error-summary')).status).toBe(404);
  });
});
