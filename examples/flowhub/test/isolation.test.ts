import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, count, createTestHub, getJson, pollUntil, type TestHub } from './helpers.js';

let hub: TestHub;
beforeAll(() => {
  hub = createTestHub({ runDurationMs: 100 });
});
afterAll(() => hub.close());

const GLOBEX_FLOW = 'globex-netsuite-invoices';

/** Every /api route (the 11 documented operations plus the who-am-I route). */
const ROUTES: [method: string, path: string][] = [
  ['GET', '/api/flows'],
  ['GET', '/api/flows/shopify-orders-to-snowflake'],
  ['GET', '/api/flows/shopify-orders-to-snowflake/mappings'],
  ['GET', '/api/flows/shopify-orders-to-snowflake/runs'],
  ['GET', '/api/flows/shopify-orders-to-snowflake/error-summary'],
  ['POST', '/api/flows/shopify-orders-to-snowflake/sync'],
  ['GET', '/api/runs'],
  ['GET', '/api/runs/run_0000000000'],
  ['GET', '/api/runs/run_0000000000/errors'],
  ['GET', '/api/connectors'],
  ['GET', '/api/health'],
  ['GET', '/api/workspace'],
  ['GET', '/api/nope'],
  ['GET', '/api'],
];

const names = (items: { name: string }[]) => items.map((i) => i.name);
const dbFlowNames = (workspaceId: number) =>
  (
    hub.db.prepare('SELECT name FROM flows WHERE workspace_id = ? ORDER BY name').all(workspaceId) as {
      name: string;
    }[]
  ).map((r) => r.name);
/** A globex run id (the newest failed run of its broken invoices flow). */
const globexRunId = () =>
  (
    hub.db
      .prepare(
        `SELECT r.id FROM runs r JOIN flows f ON f.id = r.flow_id
         WHERE f.workspace_id = 2 AND f.name = ? AND r.status = 'failed' ORDER BY r.queued_at DESC LIMIT 1`,
      )
      .get(GLOBEX_FLOW) as { id: string }
  ).id;

describe('API keys', () => {
  it('answers 401 unauthorized on every /api route without a key, and creates nothing', async () => {
    const runs = count(hub.db, 'SELECT COUNT(*) AS n FROM runs');
    for (const [method, path] of ROUTES) {
      const { status, body } = await getJson(hub.app, path, { method });
      expect(status, `${method} ${path}`).toBe(401);
      expect(body.error.code).toBe('unauthorized');
      expect(body.error.message).toContain('X-API-Key');
    }
    expect(count(hub.db, 'SELECT COUNT(*) AS n FROM runs')).toBe(runs);
  });

  it('answers 401 for an unknown key without echoing it', async () => {
    const attempts: Record<string, string>[] = [
      { 'X-API-Key': 'fh_not-a-real-key-000000000000000' },
      { Authorization: 'Bearer fh_not-a-real-key-000000000000000' },
      { Authorization: `Basic ${hub.workspaces[0]!.apiKey}` },
      { 'X-API-Key': '   ' },
    ];
    for (const headers of attempts) {
      const { status, body } = await getJson(hub.app, '/api/flows', { headers });
      expect(status, JSON.stringify(headers)).toBe(401);
      expect(body).toEqual({ error: { code: 'unauthorized', message: expect.any(String) } });
      expect(body.error.message).not.toContain('not-a-real-key');
    }
  });

  it('accepts the key in X-API-Key (any case) or as a Bearer token, and says whose workspace it is', async () => {
    const [acme, globex] = hub.workspaces;
    const viaHeader = await getJson(hub.app, '/api/workspace', { headers: { 'x-api-key': acme!.apiKey } });
    expect(viaHeader).toEqual({
      status: 200,
      body: { slug: 'acme', name: 'Acme Corp', created_at: expect.any(String) },
    });
    const viaBearer = await getJson(hub.app, '/api/workspace', {
      headers: { Authorization: `bearer ${globex!.apiKey}` },
    });
    expect(viaBearer.body).toMatchObject({ slug: 'globex', name: 'Globex Inc' });
    // X-API-Key wins over Authorization.
    const both = await getJson(hub.app, '/api/workspace', {
      headers: { 'X-API-Key': globex!.apiKey, Authorization: `Bearer ${acme!.apiKey}` },
    });
    expect(both.body.slug).toBe('globex');
  });

  it('serves the OpenAPI document without a key, declaring the X-API-Key scheme globally', async () => {
    const json = await getJson(hub.app, '/openapi.json');
    expect(json.status).toBe(200);
    expect(json.body.components.securitySchemes.ApiKey).toMatchObject({
      type: 'apiKey',
      in: 'header',
      name: 'X-API-Key',
    });
    expect(json.body.security).toEqual([{ ApiKey: [] }]);
    const yaml = await hub.app.request('/openapi.yaml');
    expect(yaml.status).toBe(200);
    expect(await yaml.text()).toContain('name: X-API-Key');
  });
});

describe('workspace isolation', () => {
  it('lists only the caller’s flows', async () => {
    const acme = await getJson(hub.acme, '/api/flows?limit=200');
    const globex = await getJson(hub.globex, '/api/flows?limit=200');
    expect(names(acme.body.flows)).toEqual(dbFlowNames(1));
    expect(names(globex.body.flows)).toEqual([
      'globex-marketo-leads-to-salesforce',
      'globex-netsuite-invoices',
      'globex-redshift-revenue-to-slack',
      'globex-salesforce-opportunities',
    ]);
    expect(names(acme.body.flows).filter((n) => n.startsWith('globex-'))).toEqual([]);
    const failing = await getJson(hub.globex, '/api/flows?status=failing');
    expect(names(failing.body.flows)).toEqual([GLOBEX_FLOW]);
  });

  it('lists only the caller’s runs', async () => {
    const acmeFlows = new Set(dbFlowNames(1));
    const globexFlows = new Set(dbFlowNames(2));
    const acme = await getJson(hub.acme, '/api/runs?since=7d&limit=200');
    const globex = await getJson(hub.globex, '/api/runs?since=7d&limit=200');
    expect(acme.body.runs).toHaveLength(200);
    for (const r of acme.body.runs) expect(acmeFlows.has(r.flow), r.flow).toBe(true);
    expect(globex.body.runs.length).toBeGreaterThan(20);
    for (const r of globex.body.runs) expect(globexFlows.has(r.flow), r.flow).toBe(true);
    const failed = await getJson(hub.globex, '/api/runs?status=failed&limit=200');
    expect(new Set(failed.body.runs.map((r: { flow: string }) => r.flow))).toContain(GLOBEX_FLOW);
  });

  it('lists only the caller’s connectors, with flow counts of its own flows', async () => {
    const acme = (await getJson(hub.acme, '/api/connectors')).body.connectors;
    const globex = (await getJson(hub.globex, '/api/connectors')).body.connectors;
    expect(names(acme)).toEqual([
      'bigquery',
      'hubspot',
      'netsuite',
      'postgres',
      'salesforce',
      'shopify',
      'slack',
      'snowflake',
      'stripe',
      'zendesk',
    ]);
    expect(names(globex)).toEqual(['marketo', 'netsuite', 'redshift', 'salesforce', 'slack']);
    const byName = (list: { name: string }[], n: string) => list.find((c) => c.name === n);
    expect(byName(acme, 'netsuite')).toMatchObject({ display_name: 'NetSuite', flow_count: 2 });
    expect(byName(globex, 'netsuite')).toMatchObject({ display_name: 'NetSuite (Globex EU)', flow_count: 1 });
    expect(byName(globex, 'salesforce')).toMatchObject({ flow_count: 2 });
    // Another workspace's connector is unknown as a filter.
    const marketo = await getJson(hub.acme, '/api/flows?connector=marketo');
    expect(marketo.status).toBe(400);
    expect(marketo.body.error.message).toContain("unknown connector 'marketo'");
    expect(marketo.body.error.message).not.toContain('redshift');
  });

  it('aggregates health over the caller’s workspace only', async () => {
    const acme = (await getJson(hub.acme, '/api/health')).body;
    const globex = (await getJson(hub.globex, '/api/health')).body;
    expect(names(acme.failing_flows)).toEqual(['shopify-orders-to-snowflake', 'zendesk-tickets-to-bigquery']);
    expect(names(acme.degraded_connectors)).toEqual(['hubspot', 'zendesk']);
    expect(globex.status).toBe('degraded');
    expect(names(globex.failing_flows)).toEqual([GLOBEX_FLOW]);
    expect(globex.failing_flows[0]).toMatchObject({
      last_error_class: 'NullConstraintViolation',
      last_failed_run_id: globexRunId(),
    });
    expect(globex.degraded_connectors).toEqual([]);
    const inProgress = (ws: number) =>
      count(
        hub.db,
        `SELECT COUNT(*) AS n FROM runs r JOIN flows f ON f.id = r.flow_id
         WHERE f.workspace_id = ? AND r.status IN ('queued', 'running')`,
        ws,
      );
    expect(acme.queue_depth.total).toBe(inProgress(1));
    expect(globex.queue_depth.total).toBe(inProgress(2));
    const weekRuns = (c: Client) => getJson(c, '/api/runs?since=24h&limit=200');
    expect(globex.last_24h.runs).toBe((await weekRuns(hub.globex)).body.runs.length);
    expect(acme.last_24h.runs).toBeGreaterThan(globex.last_24h.runs);
  });

  it('answers 404, as for a nonexistent id, for another workspace’s run', async () => {
    const id = globexRunId();
    expect((await getJson(hub.globex, `/api/runs/${id}`)).body).toMatchObject({ id, flow: GLOBEX_FLOW });
    for (const suffix of ['', '/errors']) {
      const foreign = await getJson(hub.acme, `/api/runs/${id}${suffix}`);
      const missing = await getJson(hub.acme, `/api/runs/run_zzzzzzzzzz${suffix}`);
      expect(foreign.status).toBe(404);
      expect(foreign.body).toEqual({
        error: { code: 'not_found', message: missing.body.error.message.replace('run_zzzzzzzzzz', id) },
      });
    }
  });

  it('answers 404, as for a nonexistent name, for another workspace’s flow on every flow route', async () => {
    const runs = count(hub.db, 'SELECT COUNT(*) AS n FROM runs');
    const routes: [string, string][] = [
      ['GET', ''],
      ['GET', '/mappings'],
      ['GET', '/runs'],
      ['GET', '/error-summary'],
      ['POST', '/sync'],
    ];
    for (const [method, suffix] of routes) {
      const foreign = await getJson(hub.acme, `/api/flows/${GLOBEX_FLOW}${suffix}`, { method });
      const missing = await getJson(hub.acme, `/api/flows/no-such-flow${suffix}`, { method });
      expect(foreign.status, `${method} ${suffix}`).toBe(404);
      expect(foreign.body).toEqual({
        error: {
          code: 'not_found',
          message: missing.body.error.message.replace('no-such-flow', GLOBEX_FLOW),
        },
      });
      expect((await getJson(hub.globex, `/api/flows/${GLOBEX_FLOW}${suffix}`, { method })).status).toBe(
        method === 'POST' ? 202 : 200,
      );
    }
    const filter = await getJson(hub.acme, `/api/runs?flow=${GLOBEX_FLOW}`);
    expect(filter.status).toBe(404);
    expect(filter.body.error.message).toContain(`'${GLOBEX_FLOW}'`);
    // Only globex's own sync above created a run.
    expect(count(hub.db, 'SELECT COUNT(*) AS n FROM runs')).toBe(runs + 1);
  });

  it('runs a sync in the caller’s workspace only', async () => {
    const queueOf = async (c: Client) => (await getJson(c, '/api/health')).body.queue_depth.total as number;
    const acmeBefore = await queueOf(hub.acme);
    const started = await getJson(hub.globex, '/api/flows/globex-salesforce-opportunities/sync', {
      method: 'POST',
    });
    expect(started.status).toBe(202);
    const id = started.body.run_id as string;
    expect(await queueOf(hub.acme)).toBe(acmeBefore);
    expect((await getJson(hub.acme, `/api/runs/${id}`)).status).toBe(404);
    const acmeRuns = await getJson(hub.acme, '/api/runs?limit=200');
    expect(acmeRuns.body.runs.map((r: { id: string }) => r.id)).not.toContain(id);
    const done = await pollUntil(
      async () => (await getJson(hub.globex, `/api/runs/${id}`)).body,
      (r) => r.status === 'success' || r.status === 'failed',
    );
    expect(done).toMatchObject({
      flow: 'globex-salesforce-opportunities',
      status: 'success',
      source: 'salesforce',
    });
    // The sync touched globex's salesforce connector, not acme's.
    const polls = hub.db
      .prepare(
        `SELECT workspace_id, last_poll_at FROM connectors WHERE name = 'salesforce' ORDER BY workspace_id`,
      )
      .all() as { workspace_id: number; last_poll_at: string }[];
    expect(polls[1]!.last_poll_at).toBe(done.finished_at);
    expect(polls[0]!.last_poll_at).not.toBe(done.finished_at);
  });
});
