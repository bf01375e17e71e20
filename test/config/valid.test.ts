import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/index.js';
import { BILLING, yaml } from './helpers.js';

const ENV = { BILLING_KEY: 'bk-123', FLOWHUB_URL: 'https://flowhub.example.com/v2' };
const FIXTURE = readFileSync(new URL('./fixtures/full.yaml', import.meta.url), 'utf8');
const loc = (line: number, column: number, path: string) => ({ file: 'portico.yaml', line, column, path });
const op = 'systems.billing.operations';

describe('parseConfig: the full example of docs/configuration.md', () => {
  const config = parseConfig(FIXTURE, 'portico.yaml', ENV);

  it('normalizes server, naming and the file location', () => {
    expect(config.file).toBe(resolve('portico.yaml'));
    expect(config.baseDir).toBe(process.cwd());
    expect(config.server).toEqual({
      allowedOrigins: ['app.example.com'],
      allowedHosts: ['mcp.example.com'],
      trustedProxies: [],
      maxBodyBytes: 1048576,
      maxJsonDepth: 64,
      maxSuspendedCallsPerTenant: 100,
      headersTimeoutMs: 10_000,
      bodyTimeoutMs: 30_000,
      bodyMinBytesPerSec: 1_024,
      keepAliveTimeoutMs: 5_000,
      maxConnectionsPerAddress: 256,
      pageSize: 100,
    });
    expect(config.naming).toEqual({ strategy: 'flat', separator: '_', maxLength: 50, onCollision: 'fail' });
  });

  it('normalizes the system with its interpolated auth', () => {
    const { operations, ...system } = config.systems[0]!;
    expect(config.systems).toHaveLength(1);
    expect(system).toEqual({
      name: 'billing',
      description: 'Billing API',
      baseUrl: 'https://billing.example.com/api',
      auth: { type: 'api_key', header: 'X-API-Key', value: 'bk-123' },
      headers: { 'X-Client': 'portico' },
      connectTimeoutMs: 2000,
      timeoutMs: 10000,
      maxResponseBytes: 5242880,
      retry: true,
      identityHeaders: {},
      identity: { provider: 'billing' },
      source: loc(12, 3, 'systems.billing'),
    });
    expect(operations.map((o) => o.name)).toEqual(['get_invoice', 'create_invoice', 'replace_invoice_lines']);
  });

  it('normalizes a GET operation: path argument required by default, schema without Portico keys', () => {
    expect(config.systems[0]!.operations[0]).toEqual({
      name: 'get_invoice',
      method: 'GET',
      path: '/invoices/{invoice_id}',
      title: 'Get invoice',
      description: 'Fetch one invoice by id.',
      arguments: [
        {
          name: 'invoice_id',
          required: true,
          schema: { type: 'string', description: 'Invoice id' },
          source: loc(35, 11, `${op}.get_invoice.arguments.invoice_id`),
        },
        {
          name: 'expand',
          in: 'query',
          required: false,
          schema: { type: 'boolean' },
          source: loc(36, 11, `${op}.get_invoice.arguments.expand`),
        },
      ],
      body: { kind: 'fields' },
      annotations: {},
      tags: ['invoices'],
      source: loc(28, 7, `${op}.get_invoice`),
    });
  });

  it('normalizes a POST operation: fields, header argument, explicit annotations', () => {
    const create = config.systems[0]!.operations[1]!;
    expect(create.description).toBe('Create an invoice.');
    expect(create.title).toBeUndefined();
    expect(create.tags).toEqual([]);
    expect(create.annotations).toEqual({ destructive: false, idempotent: false });
    expect(create.arguments.map(({ source: _, ...a }) => a)).toEqual([
      { name: 'customer', required: true, schema: { type: 'string' } },
      { name: 'amount_cents', field: 'amountCents', required: true, schema: { type: 'integer', minimum: 1 } },
      {
        name: 'idempotency_key',
        in: 'header',
        field: 'Idempotency-Key',
        required: false,
        schema: { type: 'string' },
      },
    ]);
  });

  it('normalizes `body: NAME` and a missing description', () => {
    const replace = config.systems[0]!.operations[2]!;
    expect(replace.body).toEqual({ kind: 'argument', param: 'lines' });
    expect(replace.method).toBe('PUT');
    expect(replace.description).toBe('');
    expect(replace.arguments.map((a) => [a.name, a.in, a.required, a.schema])).toEqual([
      ['invoice_id', undefined, true, { type: 'string' }],
      ['lines', undefined, false, { type: 'array', items: { type: 'object' } }],
    ]);
  });

  it('normalizes the OpenAPI import with defaults and filters', () => {
    expect(config.openapi).toEqual([
      {
        name: 'flowhub',
        source: './openapi.yaml',
        baseUrl: 'https://flowhub.example.com/v2',
        include: { tags: ['flows'], operations: ['get_flow'], paths: ['/flows/**'] },
        exclude: { tags: [], operations: ['delete_flow'], paths: [] },
        auth: { type: 'none' },
        headers: {},
        connectTimeoutMs: 2000,
        timeoutMs: 10000,
        maxResponseBytes: 5242880,
        retry: true,
        identityHeaders: {},
        identity: { provider: 'flowhub' },
        overrides: {},
        location: loc(54, 5, 'openapi[0]'),
      },
    ]);
  });

  it('matches what the YAML blocks of docs/configuration.md produce', () => {
    const docs = readFileSync(new URL('../../docs/configuration.md', import.meta.url), 'utf8');
    const basics = docs.slice(0, docs.indexOf('## Catalogue'));
    const blocks = [...basics.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]).join('');
    const fromDocs = parseConfig(blocks, 'portico.yaml', ENV);
    const strip = (value: unknown) =>
      JSON.parse(
        JSON.stringify(value, (key, v) =>
          (key === 'source' && typeof v === 'object') || key === 'location' ? undefined : v,
        ),
      );
    expect(strip(fromDocs)).toEqual(strip(config));
  });
});

describe('parseConfig: defaults', () => {
  it('applies every default to a minimal system', () => {
    const text = yaml(...BILLING, '    operations:', '      ping: { path: /ping }');
    const config = parseConfig(text, 'dir/portico.yaml', {});
    expect(config.baseDir).toBe(resolve('dir'));
    expect(config.server).toEqual({
      allowedOrigins: [],
      allowedHosts: [],
      trustedProxies: [],
      maxBodyBytes: 1048576,
      maxJsonDepth: 64,
      maxSuspendedCallsPerTenant: 100,
      headersTimeoutMs: 10_000,
      bodyTimeoutMs: 30_000,
      bodyMinBytesPerSec: 1_024,
      keepAliveTimeoutMs: 5_000,
      maxConnectionsPerAddress: 256,
      pageSize: 100,
    });
    expect(config.naming).toEqual({
      strategy: 'namespaced',
      separator: '.',
      maxLength: 50,
      onCollision: 'fail',
    });
    expect(config.publish).toEqual({ descriptionMaxLength: 1024 });
    expect(config.openapi).toEqual([]);
    expect(config.mcpServers).toEqual([]);
    expect(config.views).toEqual([]);
    expect(config.defaultView).toEqual({
      name: 'default',
      include: ['*'],
      exclude: [],
      systems: [],
      tags: [],
      surface: 'tools',
      source: { file: 'dir/portico.yaml', path: 'default_view' },
    });
    const { operations, source: _, ...system } = config.systems[0]!;
    expect(system).toEqual({
      name: 'billing',
      baseUrl: 'https://billing.example.com/api',
      auth: { type: 'none' },
      headers: {},
      connectTimeoutMs: 2000,
      timeoutMs: 10000,
      maxResponseBytes: 5 * 1024 * 1024,
      retry: true,
      identityHeaders: {},
      identity: { provider: 'billing' },
    });
    expect(operations[0]).toMatchObject({ method: 'GET', description: '', arguments: [], tags: [] });
  });

  it('defaults the api_key header to X-API-Key', () => {
    const text = yaml(...BILLING, '    auth: { type: api_key, value: k }');
    expect(parseConfig(text, 'portico.yaml', {}).systems[0]!.auth).toEqual({
      type: 'api_key',
      header: 'X-API-Key',
      value: 'k',
    });
  });

  it('normalizes oauth2_client_credentials with default scopes', () => {
    const auth = ['type: oauth2_client_credentials', 'token_url: https://auth.example.com/token'];
    const text = yaml(
      ...BILLING,
      `    auth: { ${[...auth, 'client_id: c', 'client_secret: s'].join(', ')} }`,
    );
    expect(parseConfig(text, 'portico.yaml', {}).systems[0]!.auth).toEqual({
      type: 'oauth2_client_credentials',
      tokenUrl: 'https://auth.example.com/token',
      clientId: 'c',
      clientSecret: 's',
      scopes: [],
    });
  });

  it('keeps a JSON Schema `required` list in the schema, and `in: path` arguments required', () => {
    const text = yaml(
      ...BILLING,
      '    operations:',
      '      put_doc:',
      '        method: PUT',
      '        path: /docs/{id}',
      '        arguments:',
      '          doc_id: { type: string, in: path, field: id }',
      '          doc: { type: object, properties: { a: { type: string } }, required: [a] }',
    );
    const [docId, doc] = parseConfig(text, 'portico.yaml', {}).systems[0]!.operations[0]!.arguments;
    expect(docId).toMatchObject({ in: 'path', field: 'id', required: true, schema: { type: 'string' } });
    expect(doc).toMatchObject({ required: false, schema: { type: 'object', required: ['a'] } });
  });

  it('accepts an empty `systems:` and an openapi-only config', () => {
    const config = parseConfig(
      yaml('systems:', 'openapi:', '  - { name: a, source: https://x.example/o.json }'),
      'p.yaml',
      {},
    );
    expect(config.systems).toEqual([]);
    expect(config.openapi.map((o) => [o.name, o.source, o.baseUrl])).toEqual([
      ['a', 'https://x.example/o.json', undefined],
    ]);
  });
});
