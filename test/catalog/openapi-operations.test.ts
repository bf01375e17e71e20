import { describe, expect, it } from 'vitest';
import { loadOpenApiDocument, type OpenApiDocument, openApiToOperations } from '../../src/catalog/index.js';
import { FIXTURES, openapiEntry, opNamed } from './helpers.js';

const flowsDoc = () => loadOpenApiDocument('flows-3.0.yaml', FIXTURES);

describe('openApiToOperations — OpenAPI 3.0', () => {
  it('makes one operation per path + method, named from operationId or method + path', async () => {
    const { operations } = openApiToOperations(await flowsDoc(), openapiEntry('flowhub', 'flows-3.0.yaml'));
    expect(operations.map((o) => `${o.method} ${o.path} ${o.name}`)).toEqual([
      'GET /flows listFlows',
      'POST /flows createFlow',
      'GET /flows/{flow} getFlow',
      'PUT /flows/{flow} put_flows_flow',
      'DELETE /flows/{flow} deleteFlow',
      'GET /flows/{flow}/runs get_flows_flow_runs',
      'POST /flows/{flow}/runs start_run',
      'POST /admin/reset resetAll',
    ]);
    for (const op of operations) expect(op.system).toBe('flowhub');
  });

  it('maps description, params, tags, source and the servers default', async () => {
    const result = openApiToOperations(await flowsDoc(), openapiEntry('flowhub', 'flows-3.0.yaml'));
    const list = opNamed(result.operations, 'listFlows');
    expect(list.description).toBe('List flows\n\nReturns every flow visible to the caller.');
    expect(list.tags).toEqual(['flows']);
    expect(list.source).toEqual({ file: 'flows-3.0.yaml', path: 'paths./flows.get' });
    expect(list.params).toEqual([
      {
        name: 'limit',
        in: 'query',
        wireName: 'limit',
        required: false,
        schema: { type: 'integer', minimum: 1, maximum: 100, description: 'Max flows to return' },
      },
      // 3.0 `nullable` becomes a 2020-12 type union; `deprecated` is kept.
      {
        name: 'owner',
        in: 'query',
        wireName: 'owner',
        required: false,
        schema: { type: ['string', 'null'], deprecated: true },
      },
      {
        name: 'X-Trace-Id',
        in: 'header',
        wireName: 'X-Trace-Id',
        required: false,
        schema: { type: 'string' },
      },
    ]);
    expect(result.defaultBaseUrl).toBe('https://flowhub.example.com/api/v2');
    expect(result.warnings).toContain(
      'flows-3.0.yaml GET /flows: cookie parameter "session" is not supported and was skipped.',
    );
  });

  it('merges path-level parameters into each operation', async () => {
    const { operations } = openApiToOperations(await flowsDoc(), openapiEntry('flowhub', 'flows-3.0.yaml'));
    for (const name of ['getFlow', 'deleteFlow']) {
      expect(opNamed(operations, name).params).toEqual([
        {
          name: 'flow',
          in: 'path',
          wireName: 'flow',
          required: true,
          schema: { type: 'string', description: 'Flow id' },
        },
      ]);
    }
  });

  it('flattens an object request body into body params (required from the schema, readOnly dropped)', async () => {
    const { operations } = openApiToOperations(await flowsDoc(), openapiEntry('flowhub', 'flows-3.0.yaml'));
    const create = opNamed(operations, 'createFlow');
    expect(create.body).toEqual({ kind: 'fields' });
    expect(create.params.map((p) => [p.name, p.in, p.wireName, p.required])).toEqual([
      ['name', 'body', 'name', true],
      ['steps', 'body', 'steps', false],
      ['retries', 'body', 'retries', false],
    ]);
    expect(create.params[0]?.schema).toEqual({
      type: 'string',
      description: 'Flow name',
      examples: ['nightly'],
    });
    expect(create.params[2]?.schema).toEqual({ type: ['integer', 'null'] });
  });

  it('renames a body field that clashes with a path/query param to body_<name>, keeping the wire name', async () => {
    const { operations } = openApiToOperations(await flowsDoc(), openapiEntry('flowhub', 'flows-3.0.yaml'));
    const start = opNamed(operations, 'start_run');
    expect(start.params.map((p) => [p.name, p.in, p.wireName, p.required])).toEqual([
      ['flow', 'path', 'flow', true],
      ['name', 'query', 'name', false],
      ['body_name', 'body', 'name', true],
      ['body_flow', 'body', 'flow', false],
      ['priority', 'body', 'priority', false],
    ]);
    // 3.0 boolean exclusiveMinimum becomes the 2020-12 numeric form.
    expect(start.params[4]?.schema).toEqual({ type: 'integer', exclusiveMinimum: 0 });
  });

  it('sends a non-object body as one `body` argument', async () => {
    const { operations } = openApiToOperations(await flowsDoc(), openapiEntry('flowhub', 'flows-3.0.yaml'));
    const put = opNamed(operations, 'put_flows_flow');
    expect(put.body).toEqual({ kind: 'argument', param: 'body' });
    expect(put.params[1]).toEqual({
      name: 'body',
      in: 'body',
      wireName: 'body',
      required: false,
      schema: { type: 'array', items: { type: 'string' } },
    });
  });

  it('defaults annotations from the method and applies x-portico-* overrides', async () => {
    const { operations, warnings } = openApiToOperations(
      await flowsDoc(),
      openapiEntry('flowhub', 'flows-3.0.yaml'),
    );
    const ann = (name: string) => opNamed(operations, name).annotations;
    expect(ann('listFlows')).toEqual({
      readOnly: true,
      destructive: false,
      idempotent: true,
      openWorld: false,
    });
    expect(ann('createFlow')).toEqual({
      readOnly: false,
      destructive: false,
      idempotent: false,
      openWorld: false,
    });
    expect(ann('put_flows_flow')).toEqual({
      readOnly: false,
      destructive: false,
      idempotent: true,
      openWorld: false,
    });
    expect(ann('deleteFlow')).toEqual({
      readOnly: false,
      destructive: true,
      idempotent: true,
      openWorld: false,
    });
    expect(ann('resetAll')).toEqual({
      readOnly: false,
      destructive: true,
      idempotent: true,
      openWorld: false,
    });
    expect(warnings.some((w) => w.includes('x-portico-read-only must be true or false'))).toBe(true);
  });

  it('skips an operation whose required body is not JSON, with a warning', async () => {
    const { operations, warnings } = openApiToOperations(
      await flowsDoc(),
      openapiEntry('flowhub', 'flows-3.0.yaml'),
    );
    expect(operations.some((o) => o.path === '/uploads')).toBe(false);
    expect(warnings.some((w) => w.includes('POST /uploads') && w.includes('multipart/form-data'))).toBe(true);
  });
});

describe('openApiToOperations — OpenAPI 3.1', () => {
  it('keeps 2020-12 schemas, reads content-typed params and keeps oneOf bodies whole', async () => {
    const doc = await loadOpenApiDocument('pets-3.1.json', FIXTURES);
    const result = openApiToOperations(doc, openapiEntry('pets', 'pets-3.1.json'));
    expect(result.operations.map((o) => o.name)).toEqual(['listPets', 'createPet', 'head_pets_petId']);
    expect(result.defaultBaseUrl).toBe('https://eu.pets.example.com/v1');
    const list = opNamed(result.operations, 'listPets');
    expect(list.params.map((p) => [p.name, p.schema])).toEqual([
      ['tag', { type: ['string', 'null'] }],
      ['filter', { type: 'object', properties: { color: { type: 'string' } } }],
    ]);
    const create = opNamed(result.operations, 'createPet');
    expect(create.body).toEqual({ kind: 'argument', param: 'body' });
    expect(create.params).toHaveLength(1);
    expect(create.params[0]).toMatchObject({
      name: 'body',
      required: true,
      schema: { description: 'The pet to create' },
    });
    expect(create.params[0]!.schema.oneOf).toHaveLength(2);
    expect(create.annotations.openWorld).toBe(true);
    expect(opNamed(result.operations, 'head_pets_petId').annotations.readOnly).toBe(true);
  });

  it('prefers base_url (no servers warning) and resolves a relative server against a URL source', () => {
    const doc: OpenApiDocument = { openapi: '3.1.0', servers: [{ url: '/v1' }], paths: {} };
    const fromUrl = openApiToOperations(doc, openapiEntry('s', 'https://docs.example.com/spec/openapi.json'));
    expect(fromUrl.defaultBaseUrl).toBe('https://docs.example.com/v1');
    const fromFile = openApiToOperations(doc, openapiEntry('s', 'openapi.json'));
    expect(fromFile.defaultBaseUrl).toBeUndefined();
    expect(fromFile.warnings.some((w) => w.includes('relative'))).toBe(true);
    const overridden = openApiToOperations(doc, openapiEntry('s', 'openapi.json', { baseUrl: 'https://x' }));
    expect(overridden.warnings.filter((w) => w.includes('relative'))).toEqual([]);
  });

  it('sanitizes operationIds and de-duplicates clashing names with a warning', () => {
    const get = { responses: { '200': { description: 'ok' } } };
    const doc: OpenApiDocument = {
      openapi: '3.1.0',
      paths: {
        '/a-b': { get },
        '/a_b': { get },
        '/': { get },
        '/x': { post: { ...get, operationId: 'flows/create: v2' } },
      },
    };
    const { operations, warnings } = openApiToOperations(doc, openapiEntry('s', 'o.json'));
    expect(operations.map((o) => o.name)).toEqual(['get_a_b', 'get_a_b_2', 'get_root', 'flows_create_v2']);
    expect(warnings).toContain('o.json GET /a_b: operation name "get_a_b" is taken; named "get_a_b_2".');
  });
});
