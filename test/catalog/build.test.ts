import { describe, expect, it } from 'vitest';
import { buildCatalog, loadOpenApiDocument, type OpenApiDocument } from '../../src/catalog/index.js';
import {
  arg,
  buildError,
  config,
  FIXTURES,
  generatedDocument,
  http,
  naming,
  openapiEntry,
  yamlOp,
  yamlSystem,
} from './helpers.js';

describe('buildCatalog', () => {
  it('builds tools from YAML systems and OpenAPI imports, sorted by name', async () => {
    const doc = await loadOpenApiDocument('flows-3.0.yaml', FIXTURES);
    const cfg = config({
      systems: [
        yamlSystem('billing', [
          yamlOp('zeta_report'),
          yamlOp('get_flow_mappings', {
            path: '/mappings/{flow}',
            arguments: [
              arg('flow', { schema: { type: 'string', description: 'Flow id' } }),
              arg('limit', { schema: { type: 'integer' } }),
            ],
          }),
        ]),
      ],
      openapi: [openapiEntry('flowhub', 'flows-3.0.yaml')],
    });
    const catalog = buildCatalog(cfg, new Map([['flowhub', doc]]));
    const names = catalog.tools.map((t) => t.name);
    expect(names).toEqual([...names].sort());
    expect(names).toEqual([
      'createFlow',
      'deleteFlow',
      'getFlow',
      'get_flow_mappings',
      'get_flows_flow_runs',
      'listFlows',
      'put_flows_flow',
      'resetAll',
      'start_run',
      'zeta_report',
    ]);
    expect(http(catalog, 'getFlow').system.baseUrl).toBe('https://flowhub.example.com/api/v2');
    const mappings = http(catalog, 'get_flow_mappings');
    expect(mappings.title).toBe('Get flow mappings');
    expect(mappings.system.name).toBe('billing');
    expect(mappings.annotations).toEqual(mappings.operation.annotations);
    expect(mappings.inputSchema).toEqual({
      type: 'object',
      properties: { flow: { type: 'string', description: 'Flow id' }, limit: { type: 'integer' } },
      required: ['flow'],
      additionalProperties: false,
    });
    expect(catalog.byName.get('listFlows')?.title).toBe('List flows');
    expect(catalog.warnings.some((w) => w.includes('cookie parameter'))).toBe(true);
  });

  it('namespaces tool names with the system identity and separator', () => {
    const cfg = config({
      naming: naming(),
      systems: [yamlSystem('a', [yamlOp('get_x')]), yamlSystem('b', [yamlOp('get_x')])],
    });
    expect(buildCatalog(cfg, new Map()).tools.map((t) => t.name)).toEqual(['a.get_x', 'b.get_x']);
  });

  it('rejects a duplicate tool name, naming both owners', async () => {
    const doc = await loadOpenApiDocument('flows-3.0.yaml', FIXTURES);
    const cfg = config({
      systems: [yamlSystem('billing', [yamlOp('getFlow')])],
      openapi: [openapiEntry('flowhub', 'flows-3.0.yaml')],
    });
    const err = buildError(() => buildCatalog(cfg, new Map([['flowhub', doc]])));
    expect(err.code).toBe('config_invalid');
    expect(err.message).toContain('Duplicate tool name "getFlow"');
    expect(err.message).toContain('system "billing" operation "getFlow" (/cfg/portico.yaml:12)');
    expect(err.message).toContain(
      'system "flowhub" operation "getFlow" (flows-3.0.yaml at paths./flows/{flow}.get)',
    );
    expect(err.message).toContain('naming.strategy: namespaced');
  });

  it('uses base_url over the document, and fails naming the entry when neither gives one', () => {
    const doc: OpenApiDocument = { openapi: '3.1.0', paths: { '/x': { get: { operationId: 'x' } } } };
    const ok = buildCatalog(
      config({ openapi: [openapiEntry('api', 'api.json', { baseUrl: 'https://api.example.com' })] }),
      new Map([['api', doc]]),
    );
    expect(http(ok, 'x').system.baseUrl).toBe('https://api.example.com');
    const err = buildError(() =>
      buildCatalog(config({ openapi: [openapiEntry('api', 'api.json')] }), new Map([['api', doc]])),
    );
    expect(err.code).toBe('config_invalid');
    expect(err.message).toContain('openapi entry "api" (/cfg/portico.yaml:40)');
    expect(err.message).toContain('set base_url');
  });

  it('rejects a system name used twice', () => {
    const doc: OpenApiDocument = { openapi: '3.1.0', servers: [{ url: 'https://x' }], paths: {} };
    const cfg = config({ systems: [yamlSystem('api', [])], openapi: [openapiEntry('api', 'api.json')] });
    const err = buildError(() => buildCatalog(cfg, new Map([['api', doc]])));
    expect(err.message).toContain('System name "api" is declared twice');
  });

  it('builds a catalogue from a generated 10,000-operation document', () => {
    const cfg = config({ openapi: [openapiEntry('big', 'big.json')] });
    const catalog = buildCatalog(cfg, new Map([['big', generatedDocument(10_000)]]));
    expect(catalog.tools).toHaveLength(10_000);
    expect(catalog.tools[0]?.name).toBe('op00000');
    expect(catalog.tools[9_999]?.name).toBe('op09999');
    expect(catalog.byName.get('op04242')?.inputSchema).toMatchObject({ required: ['id'] });
  });
});
