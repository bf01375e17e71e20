import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';

/**
 * A generated OpenAPI 3.1 document of `count` GET operations (two parameters each, no `$ref`s),
 * the shape `bench/catalog.ts` has always measured. With `refs`, every fourth operation is a POST
 * whose JSON body and response point at one of 100 shared component schemas (each with a nested
 * `$ref` and one self-recursive field), so dereferencing and cycle breaking have work to do.
 */
export function generateOpenApiDocument(count: number, refs = false): Record<string, unknown> {
  const paths: Record<string, unknown> = {};
  for (let i = 0; i < count; i++) {
    const thing = `#/components/schemas/Thing${i % 100}`;
    const withBody = refs && i % 4 === 0;
    paths[`/res${i}/{id}`] = {
      [withBody ? 'post' : 'get']: {
        operationId: `${withBody ? 'update' : 'get'}_resource_${i}`,
        summary: `${withBody ? 'Update' : 'Get'} resource ${i} by id`,
        tags: [`area${i % 50}`],
        parameters: [
          { name: 'id', in: 'path', required: true, schema: { type: 'string' } },
          { name: 'expand', in: 'query', schema: { type: 'boolean' } },
        ],
        ...(withBody
          ? { requestBody: { required: true, content: { 'application/json': { schema: { $ref: thing } } } } }
          : {}),
        responses: {
          '200': {
            description: 'ok',
            ...(withBody ? { content: { 'application/json': { schema: { $ref: thing } } } } : {}),
          },
        },
      },
    };
  }
  const doc: Record<string, unknown> = { openapi: '3.1.0', info: { title: 'big', version: '1' }, paths };
  if (refs) {
    const schemas: Record<string, unknown> = {
      Address: {
        type: 'object',
        properties: { street: { type: 'string' }, city: { type: 'string' }, zip: { type: 'string' } },
      },
    };
    for (let k = 0; k < 100; k++) {
      schemas[`Thing${k}`] = {
        type: 'object',
        required: ['name'],
        properties: {
          name: { type: 'string', description: `Name of thing ${k}` },
          count: { type: 'integer', minimum: 0 },
          address: { $ref: '#/components/schemas/Address' },
          parent: { $ref: `#/components/schemas/Thing${k}` },
        },
      };
    }
    doc.components = { schemas };
  }
  return doc;
}

/**
 * Write the generated document (JSON, or YAML with `yaml`) and a flat-naming `portico.yaml` into a
 * temp folder; returns the config path.
 */
export function writeOpenApiBench(count: number, refs = false, yaml = false): string {
  const dir = mkdtempSync(join(tmpdir(), 'portico-bench-openapi-'));
  const doc = generateOpenApiDocument(count, refs);
  const file = yaml ? 'big.yaml' : 'big.json';
  writeFileSync(join(dir, file), yaml ? stringify(doc) : JSON.stringify(doc));
  writeFileSync(
    join(dir, 'portico.yaml'),
    `naming: { strategy: flat }\nopenapi:\n  - name: big\n    source: ./${file}\n    base_url: http://127.0.0.1:9\n`,
  );
  return join(dir, 'portico.yaml');
}
