import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { hashApiKey, issueApiKeys, openFlowHubDb, seedFlowHub } from '../db/index.js';
import { findWorkspaceByKey } from '../db/workspaces.js';
import { count, createTestHub, NOW, type TestHub } from './helpers.js';

const KEY_SHAPE = /^fh_[0-9A-Za-z]{32}$/;
const GLOBEX_FLOWS = [
  'globex-marketo-leads-to-salesforce',
  'globex-netsuite-invoices',
  'globex-redshift-revenue-to-slack',
  'globex-salesforce-opportunities',
];

let hub: TestHub | undefined;
let dir: string | undefined;
afterEach(async () => {
  hub?.close();
  hub = undefined;
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

describe('workspaces and API keys', () => {
  it('seeds acme and globex with random fh_ keys, storing only their SHA-256', () => {
    hub = createTestHub();
    expect(hub.workspaces.map(({ slug, name }) => ({ slug, name }))).toEqual([
      { slug: 'acme', name: 'Acme Corp' },
      { slug: 'globex', name: 'Globex Inc' },
    ]);
    const rows = hub.db.prepare('SELECT * FROM workspaces ORDER BY id').all() as Record<string, unknown>[];
    expect(rows.map((r) => [r.id, r.slug])).toEqual([
      [1, 'acme'],
      [2, 'globex'],
    ]);
    hub.workspaces.forEach((w, i) => {
      expect(w.apiKey).toMatch(KEY_SHAPE);
      expect(rows[i]!.api_key_hash).toBe(hashApiKey(w.apiKey));
      expect(rows[i]!.api_key_hash).toMatch(/^[0-9a-f]{64}$/);
      expect(JSON.stringify(rows)).not.toContain(w.apiKey);
    });
    expect(hub.workspaces[0]!.apiKey).not.toBe(hub.workspaces[1]!.apiKey);
  });

  it('draws new keys for every database while the seeded data stays the same', () => {
    const seedOnce = () => {
      const db = openFlowHubDb();
      const ws = seedFlowHub(db, { seed: 5, now: NOW });
      const runs = JSON.stringify(db.prepare('SELECT * FROM runs ORDER BY id').all());
      db.close();
      return { keys: ws.map((w) => w.apiKey), runs };
    };
    const a = seedOnce();
    const b = seedOnce();
    expect(a.runs).toBe(b.runs);
    expect(a.keys[0]).not.toBe(b.keys[0]);
    expect(a.keys[1]).not.toBe(b.keys[1]);
  });

  it('uses caller-chosen keys and rejects unknown workspaces, malformed and shared keys', () => {
    const db = openFlowHubDb();
    const ws = seedFlowHub(db, { seed: 1, now: NOW, apiKeys: { acme: 'acme-secret-1' } });
    expect(ws[0]).toEqual({ slug: 'acme', name: 'Acme Corp', apiKey: 'acme-secret-1' });
    expect(ws[1]!.apiKey).toMatch(KEY_SHAPE);
    expect(findWorkspaceByKey(db, 'acme-secret-1')?.slug).toBe('acme');
    db.close();
    const fresh = () => openFlowHubDb();
    expect(() => seedFlowHub(fresh(), { apiKeys: { initech: 'x'.repeat(12) } as never })).toThrow(
      /unknown workspace 'initech'.*acme, globex/,
    );
    expect(() => seedFlowHub(fresh(), { apiKeys: { acme: 'has space in it' } })).toThrow(/apiKeys\.acme/);
    expect(() => seedFlowHub(fresh(), { apiKeys: { globex: 'short' } })).toThrow(/apiKeys\.globex/);
    expect(() => seedFlowHub(fresh(), { apiKeys: { acme: 'same-key-123', globex: 'same-key-123' } })).toThrow(
      /same key/,
    );
  });

  it('re-issues keys of a seeded database: old keys stop working, given keys are honoured', () => {
    hub = createTestHub();
    const [acme, globex] = hub.workspaces;
    const swapped = issueApiKeys(hub.db, { acme: globex!.apiKey, globex: acme!.apiKey });
    expect(swapped.map((w) => w.apiKey)).toEqual([globex!.apiKey, acme!.apiKey]);
    expect(findWorkspaceByKey(hub.db, globex!.apiKey)?.slug).toBe('acme');
    const fresh = issueApiKeys(hub.db);
    expect(fresh.map((w) => w.slug)).toEqual(['acme', 'globex']);
    for (const w of fresh) expect(w.apiKey).toMatch(KEY_SHAPE);
    expect(findWorkspaceByKey(hub.db, acme!.apiKey)).toBeUndefined();
    expect(findWorkspaceByKey(hub.db, globex!.apiKey)).toBeUndefined();
    expect(findWorkspaceByKey(hub.db, fresh[1]!.apiKey)?.slug).toBe('globex');
  });

  it('refuses a database file from before workspaces, naming the fix', async () => {
    dir = await mkdtemp(join(tmpdir(), 'flowhub-legacy-'));
    const path = join(dir, 'old.db');
    const legacy = new Database(path);
    legacy.exec('CREATE TABLE flows (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE)');
    legacy.close();
    expect(() => openFlowHubDb(path)).toThrow(/before workspaces.*Delete the file/);
  });
});

describe('the globex seed', () => {
  it('has its own four flows and connectors, none shared with acme', () => {
    hub = createTestHub();
    const flows = hub.db.prepare('SELECT name FROM flows WHERE workspace_id = 2 ORDER BY name').all();
    expect(flows.map((f) => (f as { name: string }).name)).toEqual(GLOBEX_FLOWS);
    const connectors = hub.db
      .prepare('SELECT name FROM connectors WHERE workspace_id = 2 ORDER BY name')
      .all() as { name: string }[];
    expect(connectors.map((c) => c.name)).toEqual(['marketo', 'netsuite', 'redshift', 'salesforce', 'slack']);
    // Same connector name in both workspaces: two distinct rows.
    const netsuite = hub.db.prepare(
      `SELECT display_name FROM connectors WHERE name = 'netsuite' ORDER BY workspace_id`,
    );
    expect(netsuite.all()).toEqual([{ display_name: 'NetSuite' }, { display_name: 'NetSuite (Globex EU)' }]);
    expect(
      count(hub.db, `SELECT COUNT(*) AS n FROM flows WHERE workspace_id = 1 AND name LIKE 'globex-%'`),
    ).toBe(0);
  });

  it('tells a smaller story: netsuite invoices fail with NullConstraintViolation, one run in progress', () => {
    hub = createTestHub();
    const globexRuns = 'runs r JOIN flows f ON f.id = r.flow_id AND f.workspace_id = 2';
    const total = count(hub.db, `SELECT COUNT(*) AS n FROM ${globexRuns}`);
    expect(total).toBeGreaterThan(50);
    expect(total).toBeLessThan(count(hub.db, 'SELECT COUNT(*) AS n FROM runs') / 3);
    const recent = hub.db
      .prepare(
        `SELECT r.status, r.error_class FROM ${globexRuns} WHERE f.name = 'globex-netsuite-invoices'
         ORDER BY r.queued_at DESC LIMIT 3`,
      )
      .all();
    expect(recent).toEqual(Array(3).fill({ status: 'failed', error_class: 'NullConstraintViolation' }));
    expect(
      count(
        hub.db,
        `SELECT COUNT(*) AS n FROM ${globexRuns} JOIN run_errors e ON e.run_id = r.id
         WHERE e.error_class = 'NullConstraintViolation' AND e.message LIKE '%not-null constraint in redshift%'`,
      ),
    ).toBeGreaterThan(10);
    expect(
      count(hub.db, `SELECT COUNT(*) AS n FROM ${globexRuns} WHERE r.status IN ('queued', 'running')`),
    ).toBe(1);
  });

  it('keeps flow names unique per workspace, not globally', () => {
    hub = createTestHub();
    const insert = hub.db.prepare(
      `INSERT INTO flows (workspace_id, name, description, status, source_connector, destination_connector,
         schedule, owner, created_at) VALUES (?, 'shopify-orders-to-snowflake', 'x', 'active', ?, ?, '0 * * * *', 'o', ?)`,
    );
    insert.run(2, 'netsuite', 'redshift', NOW.toISOString());
    expect(() => insert.run(1, 'shopify', 'snowflake', NOW.toISOString())).toThrow(/UNIQUE/);
    // A flow may only use connectors of its own workspace.
    expect(() =>
      hub!.db
        .prepare(
          `INSERT INTO flows (workspace_id, name, description, status, source_connector, destination_connector,
             schedule, owner, created_at) VALUES (2, 'x', 'x', 'active', 'shopify', 'redshift', '0 * * * *', 'o', ?)`,
        )
        .run(NOW.toISOString()),
    ).toThrow(/FOREIGN KEY/);
  });
});
