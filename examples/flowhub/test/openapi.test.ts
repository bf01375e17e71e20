import { existsSync, readFileSync } from 'node:fs';
import { compileErrors, validate } from '@readme/openapi-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { flowhubConfigPath, flowhubOpenApiPath } from '../index.js';
import { createTestHub, getJson, type TestHub } from './helpers.js';

const TOOLS = [
  'list_flows',
  'get_flow',
  'get_flow_mappings',
  'list_flow_runs',
  'get_flow_error_summary',
  'list_runs',
  'get_run',
  'get_run_errors',
  'list_connectors',
  'get_system_health',
  'trigger_sync',
];

interface Op {
  operationId: string;
  description?: string;
  tags?: string[];
  parameters?: { name: string; in: string; $ref?: string }[];
}
const doc = parse(readFileSync(flowhubOpenApiPath, 'utf8'));
const ops: { method: string; path: string; op: Op }[] = Object.entries(
  doc.paths as Record<string, Record<string, Op>>,
).flatMap(([path, item]) => Object.entries(item).map(([method, op]) => ({ method, path, op })));

let hub: TestHub;
beforeAll(() => {
  hub = createTestHub({ runDurationMs: 50 });
});
afterAll(() => hub.close());

describe('openapi.yaml', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    expect(doc.openapi).toBe('3.1.0');
    const result = await validate(flowhubOpenApiPath);
    expect(result.valid, result.valid ? '' : compileErrors(result)).toBe(true);
    expect(doc.servers).toEqual([expect.objectContaining({ url: 'http://127.0.0.1:8080' })]);
  });

  it('has exactly the 11 tool operationIds, each described and tagged; only trigger_sync is not a GET', () => {
    expect(ops.map((o) => o.op.operationId).sort()).toEqual([...TOOLS].sort());
    for (const { op } of ops) {
      expect(op.description?.length, op.operationId).toBeGreaterThan(60);
      expect(['flows', 'runs', 'connectors', 'health']).toContain(op.tags?.[0]);
    }
    expect(ops.filter((o) => o.method !== 'get').map((o) => `${o.method} ${o.op.operationId}`)).toEqual([
      'post trigger_sync',
    ]);
  });

  it('uses {flow} for flow-scoped and {run_id} for run operations', () => {
    for (const { path } of ops) {
      const params = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      if (path.startsWith('/api/flows/')) expect(params).toEqual(['flow']);
      else if (path.startsWith('/api/runs/')) expect(params).toEqual(['run_id']);
      else expect(params).toEqual([]);
    }
    expect(doc.components.parameters.Flow).toMatchObject({ name: 'flow', in: 'path', required: true });
    expect(doc.components.parameters.RunId).toMatchObject({ name: 'run_id', in: 'path', required: true });
    expect(doc.components.schemas.RunStatus.enum).toEqual(['queued', 'running', 'success', 'failed']);
    expect(doc.components.schemas.FlowStatus.enum).toEqual(['active', 'paused', 'failing']);
  });

  it('describes exactly the routes the app serves', async () => {
    const runId = (await getJson(hub.acme, '/api/runs?limit=1')).body.runs[0].id as string;
    for (const { method, path, op } of ops) {
      const url = path.replace('{flow}', 'salesforce-accounts-to-snowflake').replace('{run_id}', runId);
      const res = await hub.acme.request(url, { method: method.toUpperCase() });
      expect(res.status, op.operationId).toBe(method === 'post' ? 202 : 200);
    }
  });

  it('requires the X-API-Key scheme on every operation and answers 401 without it', async () => {
    expect(doc.components.securitySchemes).toEqual({
      ApiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key', description: expect.any(String) },
    });
    expect(doc.security).toEqual([{ ApiKey: [] }]);
    expect(doc.components.schemas.Error.properties.error.properties.code.enum).toContain('unauthorized');
    for (const { method, path, op } of ops) {
      expect((op as { security?: unknown }).security, op.operationId).toBeUndefined();
      const responses = (op as unknown as { responses: Record<string, { $ref?: string }> }).responses;
      expect(responses['401'], op.operationId).toEqual({ $ref: '#/components/responses/Unauthorized' });
      const url = path
        .replace('{flow}', 'salesforce-accounts-to-snowflake')
        .replace('{run_id}', 'run_0000000000');
      const res = await hub.app.request(url, { method: method.toUpperCase() });
      expect(res.status, op.operationId).toBe(401);
    }
  });
});

/** The literal `${FLOWHUB_URL:-…}` placeholder (standalone FlowHub as default), interpolated by Portico. */
const FLOWHUB_URL_REF = ['$', '{FLOWHUB_URL:-http://127.0.0.1:8080}'].join('');

describe('portico.yaml', () => {
  it('imports the document as system flowhub with flat naming and FLOWHUB_URL as base_url', () => {
    expect(existsSync(flowhubConfigPath)).toBe(true);
    const cfg = parse(readFileSync(flowhubConfigPath, 'utf8'));
    expect(cfg.naming).toEqual({ strategy: 'flat' });
    expect(cfg.openapi).toHaveLength(1);
    expect(cfg.openapi[0]).toMatchObject({
      name: 'flowhub',
      source: './openapi.yaml',
      base_url: FLOWHUB_URL_REF,
    });
  });
});
