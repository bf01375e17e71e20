import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  buildCatalog,
  buildViews,
  loadOpenApiDocument,
  openApiToOperations,
  validateArguments,
} from '../../src/catalog/index.js';
import { isPorticoError } from '../../src/errors/index.js';
import { config, FIXTURES, generatedDocument, openapiEntry, opNamed, view } from './helpers.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'portico-openapi-reuse-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function loadError(source: string): Promise<Error> {
  try {
    await loadOpenApiDocument(source, dir);
  } catch (err) {
    expect(isPorticoError(err, 'openapi_invalid')).toBe(true);
    return err as Error;
  }
  throw new Error(`loading ${source} did not fail`);
}

/** A 3.0 document whose request body is a chain of shared, non-recursive component schemas. */
const NESTED = `openapi: 3.0.3
info: { title: Orders, version: "1" }
paths:
  /orders:
    post:
      operationId: createOrder
      requestBody:
        required: true
        content:
          application/json:
            schema: { $ref: "#/components/schemas/Order" }
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: { $ref: "#/components/schemas/Order" }
  /customers/{id}:
    parameters:
      - { $ref: "#/components/parameters/Id" }
    get:
      operationId: getCustomer
      responses:
        "200": { description: ok }
components:
  parameters:
    Id: { name: id, in: path, required: true, schema: { $ref: "#/components/schemas/Id" } }
  schemas:
    Id: { type: string, minLength: 3 }
    Order:
      type: object
      required: [customer]
      properties:
        customer: { $ref: "#/components/schemas/Customer" }
        lines: { type: array, items: { $ref: "#/components/schemas/Line" } }
    Customer:
      type: object
      properties:
        id: { $ref: "#/components/schemas/Id" }
        address: { $ref: "#/components/schemas/Address" }
    Address:
      type: object
      properties: { city: { type: string } }
    Line:
      type: object
      properties: { sku: { $ref: "#/components/schemas/Id" }, qty: { type: integer } }
`;

describe('loadOpenApiDocument — one validation pass', () => {
  it('returns every non-recursive $ref chain fully expanded (the validated document is the dereferenced one)', async () => {
    await writeFile(join(dir, 'orders.yaml'), NESTED);
    const doc = await loadOpenApiDocument('orders.yaml', dir);
    const text = JSON.stringify(doc);
    expect(text).not.toContain('$ref');
    expect(text).not.toContain('Recursive');
    const { operations } = openApiToOperations(doc, openapiEntry('orders', 'orders.yaml'));
    const create = opNamed(operations, 'createOrder');
    expect(create.params.map((p) => p.name)).toEqual(['customer', 'lines']);
    expect(create.params[0]?.schema).toEqual({
      type: 'object',
      properties: {
        id: { type: 'string', minLength: 3 },
        address: { type: 'object', properties: { city: { type: 'string' } } },
      },
    });
    expect(create.params[1]?.schema).toEqual({
      type: 'array',
      items: {
        type: 'object',
        properties: { sku: { type: 'string', minLength: 3 }, qty: { type: 'integer' } },
      },
    });
    const get = opNamed(operations, 'getCustomer');
    expect(get.params).toEqual([
      expect.objectContaining({ name: 'id', in: 'path', schema: { type: 'string', minLength: 3 } }),
    ]);
  });

  it('still applies the spec rules to a large document (duplicate operationId, missing path parameter)', async () => {
    const doc = generatedDocument(1500);
    doc.paths!['/items01499/{id}']!.get!.operationId = 'op00007';
    await writeFile(join(dir, 'dup.json'), JSON.stringify(doc));
    const dup = await loadError('dup.json');
    expect(dup.message).toContain('dup.json');
    expect(dup.message).toContain('The operationId `op00007` is duplicated and must be made unique.');

    const missing = generatedDocument(1500);
    const paths = missing.paths!;
    paths['/items00750/{id}/{part}'] = paths['/items00750/{id}'];
    delete paths['/items00750/{id}'];
    await writeFile(join(dir, 'missing.json'), JSON.stringify(missing));
    const err = await loadError('missing.json');
    expect(err.message).toContain(
      '`/paths/items00750/{id}/{part}/get` is missing path parameter(s) for `{part}`.',
    );
  });

  it('rejects a $ref to a missing component, naming the pointer', async () => {
    await writeFile(
      join(dir, 'dangling.yaml'),
      NESTED.replace('"#/components/schemas/Address"', '"#/components/schemas/Adress"'),
    );
    const err = await loadError('dangling.yaml');
    expect(err.message).toContain('dangling.yaml');
    expect(err.message).toContain('#/components/schemas/Adress');
  });

  it('rejects a schema violation with its location', async () => {
    await writeFile(
      join(dir, 'bad-param.yaml'),
      NESTED.replace('Id: { name: id, in: path,', 'Id: { name: id, in: body,'),
    );
    const err = await loadError('bad-param.yaml');
    expect(err.message).toContain('bad-param.yaml');
    expect(err.message).toMatch(/\bin\b/);
    expect(err.message).toContain('must be equal to one of the allowed values');
  });
});

describe('loadOpenApiDocument — reuse of an unchanged document', () => {
  it('returns the same document for unchanged text, a new one once the text changes', async () => {
    await writeFile(join(dir, 'orders.yaml'), NESTED);
    const first = await loadOpenApiDocument('orders.yaml', dir);
    const again = await loadOpenApiDocument('orders.yaml', dir);
    expect(again).toBe(first);
    await writeFile(join(dir, 'copy.yaml'), NESTED);
    expect(await loadOpenApiDocument('copy.yaml', dir)).toBe(first);

    await writeFile(join(dir, 'orders.yaml'), NESTED.replace('title: Orders', 'title: Orders v2'));
    const changed = await loadOpenApiDocument('orders.yaml', dir);
    expect(changed).not.toBe(first);
    expect(changed.info?.title).toBe('Orders v2');
    expect(first.info?.title).toBe('Orders');
  });

  it('validates an invalid document again on every load, and accepts it once fixed', async () => {
    const broken = NESTED.replace('info: { title: Orders, version: "1" }', 'info: { title: Orders }');
    await writeFile(join(dir, 'orders.yaml'), broken);
    expect((await loadError('orders.yaml')).message).toContain('version');
    expect((await loadError('orders.yaml')).message).toContain('version');
    await writeFile(join(dir, 'orders.yaml'), NESTED);
    expect((await loadOpenApiDocument('orders.yaml', dir)).info?.version).toBe('1');
  });

  it('is not changed by building a catalogue, its views and argument validators from it', async () => {
    for (const [file, source] of [
      ['flows-3.0.yaml', FIXTURES],
      ['circular.yaml', FIXTURES],
      ['orders.yaml', dir],
    ] as const) {
      if (source === dir) await writeFile(join(dir, file), NESTED);
      const doc = await loadOpenApiDocument(file, source);
      const before = JSON.stringify(doc);
      const cfg = config({ openapi: [openapiEntry('api', file, { baseUrl: 'https://api.example.com' })] });
      const catalog = buildCatalog(cfg, new Map([['api', doc]]));
      const surfaces = (['tools', 'facade', 'search'] as const).map((surface) => view(surface, { surface }));
      const views = buildViews(catalog, view('default'), surfaces, {
        descriptionMaxLength: 200,
        separator: '.',
      });
      expect(views.size).toBe(4);
      for (const tool of catalog.tools) validateArguments(tool, {});
      expect(JSON.stringify(doc)).toBe(before);
      expect(await loadOpenApiDocument(file, source)).toBe(doc);
    }
  });
});

describe('loadOpenApiDocument — YAML', () => {
  it('parses a large YAML document to the same value as its JSON form', async () => {
    const json = JSON.stringify(generatedDocument(1000));
    const { stringify } = await import('yaml');
    await writeFile(join(dir, 'big.json'), json);
    await writeFile(join(dir, 'big.yaml'), `# generated\n${stringify(JSON.parse(json))}`);
    const fromYaml = await loadOpenApiDocument('big.yaml', dir);
    expect(JSON.stringify(fromYaml)).toBe(JSON.stringify(await loadOpenApiDocument('big.json', dir)));
  });

  it('rejects a repeated key with its line and column, in a flat or nested mapping', async () => {
    await writeFile(join(dir, 'dup-path.yaml'), `${NESTED}\n`.replace('  /customers/{id}:', '  /orders:'));
    const path = await loadError('dup-path.yaml');
    expect(path.message).toContain('dup-path.yaml');
    expect(path.message).toContain('is not valid JSON or YAML: Map keys must be unique at line 18, column 3');

    await writeFile(
      join(dir, 'dup-nested.yaml'),
      NESTED.replace('qty: { type: integer }', 'sku: { type: integer }'),
    );
    const nested = await loadError('dup-nested.yaml');
    expect(nested.message).toContain('Map keys must be unique at line');
  });

  it('expands anchors and aliases, and keeps keys that differ only in type', async () => {
    const text = await readFile(join(FIXTURES, 'flows-3.0.yaml'), 'utf8');
    await writeFile(
      join(dir, 'anchors.yaml'),
      `${text}\nx-shared: &shared { type: string }\nx-uses: { a: *shared, b: *shared }\nx-keys: { 1: one, "1": string-one }\n`,
    );
    const doc = await loadOpenApiDocument('anchors.yaml', dir);
    expect(doc['x-uses']).toEqual({ a: { type: 'string' }, b: { type: 'string' } });
    expect(doc['x-keys']).toEqual({ 1: 'string-one' });
  });

  it('keeps values without a JSON form as YAML reads them, recursive schemas included', async () => {
    const text = await readFile(join(FIXTURES, 'circular.yaml'), 'utf8');
    await writeFile(join(dir, 'inf.yaml'), `${text}\nx-limits: { max: .inf, min: -.inf, ratio: .nan }\n`);
    const doc = await loadOpenApiDocument('inf.yaml', dir);
    expect(doc['x-limits']).toEqual({ max: Infinity, min: -Infinity, ratio: Number.NaN });
    const tree = opNamed(
      openApiToOperations(doc, openapiEntry('trees', 'inf.yaml')).operations,
      'createTree',
    );
    expect(tree.params[1]?.schema).toEqual({
      type: 'array',
      items: { type: 'object', description: 'Recursive Node (see #/components/schemas/Node)' },
    });
  });
});
