import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  buildCatalog,
  buildSearchIndex,
  type CatalogTool,
  loadOpenApiDocument,
  type SearchIndex,
  searchTools,
} from '../../../src/catalog/index.js';
import { parseConfig } from '../../../src/config/index.js';
import { mcpTool, names, params, READ, WRITE } from './helpers.js';

const FLOWHUB_CONFIG = fileURLToPath(new URL('../../../examples/flowhub/portico.yaml', import.meta.url));

/** The FlowHub catalogue, built from the example config and its real OpenAPI document. */
async function flowhubTools(): Promise<CatalogTool[]> {
  const config = parseConfig(await readFile(FLOWHUB_CONFIG, 'utf8'), FLOWHUB_CONFIG, {
    FLOWHUB_URL: 'http://127.0.0.1:9',
  });
  const docs = new Map();
  for (const o of config.openapi) docs.set(o.name, await loadOpenApiDocument(o.source, config.baseDir));
  return buildCatalog(config, docs).tools;
}

describe('searchTools on the FlowHub catalogue', () => {
  let index: SearchIndex;
  const top = (query: string, n: number) => names(searchTools(index, query, n));

  beforeAll(async () => {
    const tools = await flowhubTools();
    expect(names(tools)).toContain('get_flow_error_summary');
    index = buildSearchIndex(tools);
  });

  it('"why did the shopify orders sync fail" finds the error summary and the runs or run errors', () => {
    const hits = top('why did the shopify orders sync fail', 3);
    expect(hits).toContain('get_flow_error_summary');
    expect(hits.includes('get_run_errors') || hits.includes('list_flow_runs')).toBe(true);
  });

  it('"trigger a sync" finds trigger_sync first', () => {
    expect(top('trigger a sync', 1)).toEqual(['trigger_sync']);
  });

  it('"which connectors are near their quota" finds list_connectors first', () => {
    expect(top('which connectors are near their quota', 1)).toEqual(['list_connectors']);
  });

  it('"overall system health" finds get_system_health first', () => {
    expect(top('overall system health', 1)).toEqual(['get_system_health']);
  });

  it('"field mappings for a flow" finds get_flow_mappings first', () => {
    expect(top('field mappings for a flow', 1)).toEqual(['get_flow_mappings']);
  });

  it('returns the tool title, description and input schema with a descending score', () => {
    const hits = searchTools(index, 'run errors', 5);
    expect(hits.length).toBe(5);
    const first = hits[0]!;
    expect(first.name).toBe('get_run_errors');
    expect(first.title).toBe('Get run errors');
    expect(first.description).toContain("List a run's per-record errors");
    expect(first.inputSchema).toMatchObject({ required: ['run_id'] });
    const scores = hits.map((h) => h.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });

  it('ranks a tool first when the query is its exact name', () => {
    expect(top('list_runs', 1)).toEqual(['list_runs']);
    expect(top('GET_RUN', 1)).toEqual(['get_run']);
  });

  it('honours the limit', () => {
    expect(top('flow', 2)).toHaveLength(2);
    expect(top('flow', 0)).toEqual([]);
  });

  it('returns nothing for a query without known or meaningful words', () => {
    expect(top('the of and', 10)).toEqual([]);
    expect(top('xylophone', 10)).toEqual([]);
  });
});

describe('searchTools ranking rules', () => {
  it('weighs a name match above a description match', () => {
    const index = buildSearchIndex([
      mcpTool('s.list_invoices', { description: 'Lists billing documents.' }),
      mcpTool('s.get_customer', { description: 'Returns a customer with their latest invoices.' }),
    ]);
    expect(names(searchTools(index, 'invoices', 2))).toEqual(['s.list_invoices', 's.get_customer']);
  });

  it('finds words through their parameter names', () => {
    const index = buildSearchIndex([
      mcpTool('s.one', { inputSchema: params('warehouse_id') }),
      mcpTool('s.two', { inputSchema: params('id') }),
    ]);
    expect(names(searchTools(index, 'warehouse', 5))).toEqual(['s.one']);
  });

  it('finds longer indexed words from a prefix', () => {
    const index = buildSearchIndex([mcpTool('s.get_configuration'), mcpTool('s.other')]);
    expect(names(searchTools(index, 'config', 5))).toEqual(['s.get_configuration']);
  });

  it('finds a tool through a related word', () => {
    const index = buildSearchIndex([mcpTool('s.list_jobs'), mcpTool('s.get_user')]);
    expect(names(searchTools(index, 'show the runs', 1))).toEqual(['s.list_jobs']);
  });

  it('favours read-only tools for a question', () => {
    const tools = [
      mcpTool('s.reset_cache', { description: 'Reset the cache.', annotations: WRITE }),
      mcpTool('s.cache_stats', { description: 'Cache size and hit rate.', annotations: READ }),
    ];
    const index = buildSearchIndex(tools);
    expect(names(searchTools(index, 'reset cache', 1))).toEqual(['s.reset_cache']);
    expect(names(searchTools(index, 'what is in the cache', 2))).toEqual(['s.cache_stats', 's.reset_cache']);
  });

  it('breaks score ties by name', () => {
    const index = buildSearchIndex([mcpTool('s.b_thing'), mcpTool('s.a_thing')]);
    expect(names(searchTools(index, 'thing', 2))).toEqual(['s.a_thing', 's.b_thing']);
  });

  it('searches an empty index', () => {
    expect(searchTools(buildSearchIndex([]), 'anything', 10)).toEqual([]);
  });
});

describe('searchTools on 10,000 tools', () => {
  it('builds the index once and answers queries from it', () => {
    const nouns = ['invoice', 'customer', 'order', 'payment', 'refund', 'ticket', 'shipment', 'product'];
    const verbs = ['get', 'list', 'create', 'update', 'delete'];
    const tools = Array.from({ length: 10_000 }, (_, i) => {
      const noun = nouns[i % nouns.length]!;
      const verb = verbs[Math.floor(i / nouns.length) % verbs.length]!;
      const system = `sys${Math.floor(i / 100)}`;
      return mcpTool(`${system}.${verb}_${noun}_${i}`, {
        description: `${verb} a ${noun} of ${system}. Variant ${i}.`,
        inputSchema: params(`${noun}_id!`, 'limit'),
        annotations: verb === 'get' || verb === 'list' ? READ : WRITE,
      });
    });
    tools.push(mcpTool('special.reconcile_ledger', { description: 'Reconcile the general ledger.' }));
    const index = buildSearchIndex(tools);
    expect(index.tools).toHaveLength(10_001);
    expect(names(searchTools(index, 'reconcile the ledger', 3))).toEqual(['special.reconcile_ledger']);
    const refunds = searchTools(index, 'refund', 10);
    expect(refunds).toHaveLength(10);
    expect(refunds.every((h) => h.name.includes('_refund_'))).toBe(true);
  });
});
