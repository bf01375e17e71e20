import { afterEach, describe, expect, it } from 'vitest';
import type { FlowRow } from '../db/index.js';
import { createTestHub, getJson, pollUntil, type TestHub } from './helpers.js';

let hub: TestHub;
afterEach(() => hub?.close());

const post = (path: string) => getJson(hub.acme, path, { method: 'POST' });
const runStatus = async (id: string) => (await getJson(hub.acme, `/api/runs/${id}`)).body;

describe('POST /api/flows/{flow}/sync', () => {
  it('queues a real run that goes queued → running → success with records processed', async () => {
    hub = createTestHub({ runDurationMs: 1200 });
    const { status, body } = await post('/api/flows/stripe-charges-to-bigquery/sync');
    expect(status).toBe(202);
    expect(body).toMatchObject({ status: 'queued', flow: 'stripe-charges-to-bigquery' });
    expect(body.run_id).toMatch(/^run_[0-9a-z]{10}$/);

    const queued = await runStatus(body.run_id);
    expect(queued).toMatchObject({
      status: 'queued',
      trigger: 'manual',
      started_at: null,
      records_processed: 0,
    });
    const latest = await getJson(hub.acme, '/api/runs?flow=stripe-charges-to-bigquery&limit=1');
    expect(latest.body.runs[0].id).toBe(body.run_id);
    const flow = await getJson(hub.acme, '/api/flows/stripe-charges-to-bigquery');
    expect(flow.body.last_run_at).toBe(body.queued_at);

    const running = await pollUntil(
      () => runStatus(body.run_id),
      (r) => r.status !== 'queued',
    );
    expect(running.status).toBe('running');
    expect(running.started_at >= body.queued_at).toBe(true);
    expect(running.finished_at).toBeNull();

    const done = await pollUntil(
      () => runStatus(body.run_id),
      (r) => r.status !== 'running',
    );
    expect(done.status).toBe('success');
    expect(done.records_processed).toBeGreaterThan(0);
    expect(done.finished_at >= done.started_at).toBe(true);
    expect(done.error_class).toBeNull();
    expect(hub.sync.inProgress).toBe(0);
  });

  it('is visible in the queue depth while in progress', async () => {
    hub = createTestHub({ runDurationMs: 60_000 });
    const before = (await getJson(hub.acme, '/api/health')).body.queue_depth.total;
    await post('/api/flows/salesforce-accounts-to-snowflake/sync');
    await post('/api/flows/hubspot-deals-to-bigquery/sync');
    const after = (await getJson(hub.acme, '/api/health')).body.queue_depth;
    expect(after.total).toBe(before + 2);
  });

  it('keeps failing for a broken flow, with the same error class and per-record errors', async () => {
    hub = createTestHub({ runDurationMs: 100 });
    const { body } = await post('/api/flows/shopify-orders-to-snowflake/sync');
    const done = await pollUntil(
      () => runStatus(body.run_id),
      (r) => r.status === 'success' || r.status === 'failed',
    );
    expect(done).toMatchObject({ status: 'failed', error_class: 'SchemaMismatch', trigger: 'manual' });
    const errors = await getJson(hub.acme, `/api/runs/${body.run_id}/errors`);
    expect(errors.body.total).toBeGreaterThan(0);
    expect(errors.body.errors[0].message).toContain('total_price');
  });

  it('answers 409 for a paused flow and 404 for an unknown one', async () => {
    hub = createTestHub();
    const paused = await post('/api/flows/netsuite-vendors-to-postgres/sync');
    expect(paused.status).toBe(409);
    expect(paused.body.error).toMatchObject({ code: 'conflict' });
    expect(paused.body.error.message).toContain("'netsuite-vendors-to-postgres' is paused");
    const missing = await post('/api/flows/nope/sync');
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toContain("'nope'");
  });
});

describe('SyncRunner', () => {
  it('inserts the queued run synchronously and stops progressing after close()', async () => {
    hub = createTestHub({ runDurationMs: 50 });
    const flow = hub.db
      .prepare(`SELECT * FROM flows WHERE name = 'stripe-charges-to-bigquery'`)
      .get() as FlowRow;
    const queued = hub.sync.trigger(flow);
    expect(hub.db.prepare('SELECT status FROM runs WHERE id = ?').get(queued.run_id)).toEqual({
      status: 'queued',
    });
    expect(hub.sync.inProgress).toBe(2);
    hub.sync.close();
    expect(hub.sync.inProgress).toBe(0);
    await new Promise((r) => setTimeout(r, 150));
    expect(hub.db.prepare('SELECT status FROM runs WHERE id = ?').get(queued.run_id)).toEqual({
      status: 'queued',
    });
  });
});
