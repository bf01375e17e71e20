import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { type RunningFlowHub, startFlowHub } from '../index.js';
import { pollUntil } from './helpers.js';

let hub: RunningFlowHub | undefined;
let dir: string | undefined;
afterEach(async () => {
  await hub?.close();
  hub = undefined;
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

// biome-ignore lint/suspicious/noExplicitAny: response bodies are checked by the assertions
type Body = any;

const getJson = async (url: string, init?: RequestInit) => {
  const res = await fetch(url, init);
  return { status: res.status, type: res.headers.get('content-type'), body: (await res.json()) as Body };
};

/** The API key of a workspace of the running hub. */
const keyOf = (slug: string) => hub!.workspaces.find((w) => w.slug === slug)!.apiKey;
const as = (slug: string, init: RequestInit = {}): RequestInit => ({
  ...init,
  headers: { 'X-API-Key': keyOf(slug) },
});

describe('startFlowHub', () => {
  it('listens on 127.0.0.1 on a free port and serves the API over a real socket', async () => {
    hub = await startFlowHub();
    expect(hub.url).toBe(`http://127.0.0.1:${hub.port}`);
    expect(hub.port).toBeGreaterThan(0);
    expect(hub.workspaces.map((w) => [w.slug, w.name])).toEqual([
      ['acme', 'Acme Corp'],
      ['globex', 'Globex Inc'],
    ]);
    for (const w of hub.workspaces) expect(w.apiKey).toMatch(/^fh_[0-9A-Za-z]{32}$/);
    expect((await getJson(`${hub.url}/api/health`)).status).toBe(401);
    const health = await getJson(`${hub.url}/api/health`, as('acme'));
    expect(health.status).toBe(200);
    expect(health.type).toContain('application/json');
    expect(health.body.failing_flows.length).toBe(2);
    const missing = await getJson(`${hub.url}/api/runs/run_0000000000`, as('acme'));
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('not_found');
  });

  it('runs a sync to completion over HTTP', async () => {
    hub = await startFlowHub({ runDurationMs: 100, seed: 3 });
    const base = hub.url;
    const started = await getJson(
      `${base}/api/flows/netsuite-invoices-to-snowflake/sync`,
      as('acme', { method: 'POST' }),
    );
    expect(started.status).toBe(202);
    const done = await pollUntil(
      async () => (await getJson(`${base}/api/runs/${started.body.run_id}`, as('acme'))).body,
      (r) => r.status === 'success' || r.status === 'failed',
    );
    expect(done.status).toBe('success');
    expect(done.records_processed).toBeGreaterThan(0);
  });

  it('serves the OpenAPI document with servers pointing at itself', async () => {
    hub = await startFlowHub();
    const json = await getJson(`${hub.url}/openapi.json`);
    expect(json.body.servers).toEqual([{ url: hub.url, description: 'This FlowHub instance' }]);
    expect(json.body.paths['/api/flows'].get.operationId).toBe('list_flows');
    const res = await fetch(`${hub.url}/openapi.yaml`);
    expect(res.headers.get('content-type')).toContain('yaml');
    expect(parse(await res.text()).servers[0].url).toBe(hub.url);
  });

  it('seeds relative to `now` and keeps a file database across restarts without re-seeding', async () => {
    dir = await mkdtemp(join(tmpdir(), 'flowhub-'));
    const dbPath = join(dir, 'flowhub.db');
    const now = new Date('2024-01-10T08:00:00Z');
    hub = await startFlowHub({ dbPath, now });
    const runs = (hub.db.prepare('SELECT COUNT(*) AS n FROM runs').get() as { n: number }).n;
    const newest = hub.db.prepare('SELECT MAX(queued_at) AS t FROM runs').get() as { t: string };
    expect(newest.t <= now.toISOString()).toBe(true);
    expect(Date.parse(newest.t)).toBeGreaterThan(now.getTime() - 5 * 60_000);
    await hub.close();
    const firstKey = keyOf('acme');
    hub = await startFlowHub({ dbPath, apiKeys: { globex: 'globex-fixed-key' } });
    expect((hub.db.prepare('SELECT COUNT(*) AS n FROM runs').get() as { n: number }).n).toBe(runs);
    // Only key hashes are stored: a restart re-issues keys (or sets the given ones); old keys stop working.
    expect(keyOf('acme')).not.toBe(firstKey);
    expect(keyOf('globex')).toBe('globex-fixed-key');
    const old = await getJson(`${hub.url}/api/workspace`, { headers: { 'X-API-Key': firstKey } });
    expect(old.status).toBe(401);
    const globex = await getJson(`${hub.url}/api/workspace`, {
      headers: { Authorization: 'Bearer globex-fixed-key' },
    });
    expect(globex.body).toMatchObject({ slug: 'globex', name: 'Globex Inc' });
  });

  it('seeds a new database with the given apiKeys', async () => {
    hub = await startFlowHub({ apiKeys: { acme: 'acme-fixed-key', globex: 'globex-fixed-key' } });
    expect(hub.workspaces).toEqual([
      { slug: 'acme', name: 'Acme Corp', apiKey: 'acme-fixed-key' },
      { slug: 'globex', name: 'Globex Inc', apiKey: 'globex-fixed-key' },
    ]);
    const flows = await getJson(`${hub.url}/api/flows?status=failing`, as('globex'));
    expect(flows.body.flows.map((f: { name: string }) => f.name)).toEqual(['globex-netsuite-invoices']);
  });

  it('refuses invalid apiKeys without leaving a server running', async () => {
    await expect(startFlowHub({ apiKeys: { acme: 'dup-key-1234', globex: 'dup-key-1234' } })).rejects.toThrow(
      /same key/,
    );
  });

  it('rejects when the port is taken, and close() is idempotent', async () => {
    hub = await startFlowHub();
    await expect(startFlowHub({ port: hub.port })).rejects.toThrow(/EADDRINUSE/);
    await hub.close();
    await hub.close();
    hub = undefined;
  });
});
