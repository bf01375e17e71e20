import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadOpenApiDocument, openApiToOperations } from '../../src/catalog/index.js';
import { isPorticoError } from '../../src/errors/index.js';
import { FIXTURES, openapiEntry, opNamed } from './helpers.js';

async function loadError(source: string, baseDir = FIXTURES): Promise<Error> {
  try {
    await loadOpenApiDocument(source, baseDir);
  } catch (err) {
    expect(isPorticoError(err, 'openapi_invalid')).toBe(true);
    return err as Error;
  }
  throw new Error(`loading ${source} did not fail`);
}

describe('loadOpenApiDocument — files', () => {
  it('breaks self- and mutually-recursive $refs into a finite, serializable document', async () => {
    const doc = await loadOpenApiDocument('circular.yaml', FIXTURES);
    const text = JSON.stringify(doc);
    expect(text).not.toContain('"$ref"');
    expect(JSON.parse(text)).toEqual(doc);
    const { operations } = openApiToOperations(doc, openapiEntry('trees', 'circular.yaml'));
    const tree = opNamed(operations, 'createTree');
    expect(tree.params.map((p) => p.name)).toEqual(['label', 'children']);
    expect(tree.params[1]?.schema).toEqual({
      type: 'array',
      items: { type: 'object', description: 'Recursive Node (see #/components/schemas/Node)' },
    });
    const pair = opNamed(operations, 'createPair');
    expect(pair.params.map((p) => p.name)).toEqual(['name', 'b']);
    expect(pair.params[1]?.schema).toEqual({
      type: 'object',
      description: 'Recursive B (see #/components/schemas/B)',
    });
    const seed = opNamed(operations, 'getList').params[0]!;
    expect(seed.schema).toMatchObject({ type: 'object', properties: { label: { type: 'string' } } });
  });

  it('rejects Swagger 2.0 with a conversion hint', async () => {
    const err = await loadError('swagger2.yaml');
    expect(err.message).toContain('swagger2.yaml');
    expect(err.message).toContain('Swagger 2.0');
    expect(err.message).toContain('convert it to OpenAPI 3');
  });

  it('rejects an invalid document, naming the source and the problem', async () => {
    const err = await loadError('invalid-3.0.yaml');
    expect(err.message).toContain('invalid-3.0.yaml');
    expect(err.message).toContain('version');
  });

  it('rejects unsupported versions, bad YAML, missing files and external refs', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'portico-openapi-'));
    try {
      await writeFile(join(dir, 'v32.yaml'), 'openapi: 3.2.0\ninfo: { title: t, version: "1" }\npaths: {}\n');
      await writeFile(join(dir, 'bad.yaml'), 'openapi: 3.0.0\ninfo: [unclosed\n');
      await writeFile(join(dir, 'list.yaml'), '- 1\n- 2\n');
      expect((await loadError('v32.yaml', dir)).message).toContain('only OpenAPI 3.0.x and 3.1.x');
      expect((await loadError('bad.yaml', dir)).message).toContain('not valid JSON or YAML');
      expect((await loadError('list.yaml', dir)).message).toContain('not an OpenAPI document');
      expect((await loadError('missing.yaml', dir)).message).toContain('file not found');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    const ext = await loadError('external-ref.yaml');
    expect(ext.message).toContain('external $ref "./other.yaml#/Thing"');
    expect(ext.message).toContain('bundle');
  });
});

describe('loadOpenApiDocument — HTTP', () => {
  let server: Server;
  let base: string;

  beforeAll(async () => {
    const yaml = await readFile(join(FIXTURES, 'flows-3.0.yaml'), 'utf8');
    const json = await readFile(join(FIXTURES, 'pets-3.1.json'), 'utf8');
    server = createServer((req, res) => {
      if (req.url === '/flows.yaml') res.writeHead(200, { 'content-type': 'application/yaml' }).end(yaml);
      else if (req.url === '/pets.json') res.writeHead(200, { 'content-type': 'application/json' }).end(json);
      else res.writeHead(404).end('not found');
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((done) => server.close(done));
  });

  it('fetches and parses YAML and JSON documents', async () => {
    const flows = await loadOpenApiDocument(`${base}/flows.yaml`, '/unused');
    expect(openApiToOperations(flows, openapiEntry('f', `${base}/flows.yaml`)).operations).toHaveLength(8);
    const pets = await loadOpenApiDocument(`${base}/pets.json`, '/unused');
    expect(pets.info?.title).toBe('Pets');
  });

  it('reports an HTTP error status with the URL', async () => {
    const err = await loadError(`${base}/missing.yaml`);
    expect(err.message).toContain(`${base}/missing.yaml`);
    expect(err.message).toContain('HTTP 404');
  });

  it('reports an unreachable server', async () => {
    const closed = createServer();
    await new Promise<void>((done) => closed.listen(0, '127.0.0.1', done));
    const url = `http://127.0.0.1:${(closed.address() as AddressInfo).port}/openapi.json`;
    await new Promise((done) => closed.close(done));
    const err = await loadError(url);
    expect(err.message).toContain('could not be fetched');
  });
});
