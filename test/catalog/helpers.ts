import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import type { Catalog, HttpCatalogTool, OpenApiDocument, OperationSpec } from '../../src/catalog/index.js';
import { isPorticoError, type PorticoError } from '../../src/errors/index.js';
import type {
  ArgumentConfig,
  McpServerConfig,
  NamingConfig,
  OpenApiSourceConfig,
  OperationConfig,
  PorticoConfig,
  SystemConfig,
  ViewConfig,
} from '../../src/spec/index.js';

export const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));

const upstream = {
  auth: { type: 'none' } as const,
  headers: {},
  connectTimeoutMs: 2000,
  timeoutMs: 10_000,
  maxResponseBytes: 5 * 1024 * 1024,
  retry: true,
  identityHeaders: {},
};

/** An openapi entry as the config layer would produce it. */
export function openapiEntry(
  name: string,
  source: string,
  extra: Partial<OpenApiSourceConfig> = {},
): OpenApiSourceConfig {
  return {
    name,
    source,
    ...upstream,
    identity: { provider: name },
    overrides: {},
    location: { file: '/cfg/portico.yaml', line: 40, path: 'openapi[0]' },
    ...extra,
  };
}

/** An argument with `required: false` and a string schema unless told otherwise. */
export function arg(name: string, extra: Partial<ArgumentConfig> = {}): ArgumentConfig {
  return {
    name,
    required: false,
    schema: { type: 'string' },
    source: { file: '/cfg/portico.yaml', line: 20 },
    ...extra,
  };
}

/** A YAML-declared operation. */
export function yamlOp(name: string, extra: Partial<OperationConfig> = {}): OperationConfig {
  return {
    name,
    method: 'GET',
    path: `/${name}`,
    description: `Does ${name}.`,
    arguments: [],
    body: { kind: 'fields' },
    annotations: {},
    tags: [],
    source: { file: '/cfg/portico.yaml', line: 12, path: `systems.x.operations.${name}` },
    ...extra,
  };
}

/** A YAML-declared system. */
export function yamlSystem(name: string, operations: OperationConfig[], line = 5): SystemConfig {
  return {
    name,
    baseUrl: `https://${name}.example.com`,
    ...upstream,
    identity: { provider: name },
    operations,
    source: { file: '/cfg/portico.yaml', line },
  };
}

/** Flat naming (tool name = operation name), as most catalogue tests want. */
export const FLAT: NamingConfig = { strategy: 'flat', separator: '.', maxLength: 128, onCollision: 'fail' };

/** Naming with the defaults of the config layer (namespaced, `.`, 50, fail) and `extra`. */
export function naming(extra: Partial<NamingConfig> = {}): NamingConfig {
  return { strategy: 'namespaced', separator: '.', maxLength: 50, onCollision: 'fail', ...extra };
}

/** A view with the config layer's defaults. */
export function view(name: string, extra: Partial<ViewConfig> = {}): ViewConfig {
  return {
    name,
    include: ['*'],
    exclude: [],
    systems: [],
    tags: [],
    surface: 'tools',
    source: { file: '/cfg/portico.yaml' },
    ...extra,
  };
}

/** A federated MCP server (stdio) as the config layer would produce it. */
export function mcpServer(name: string, extra: Partial<McpServerConfig> = {}): McpServerConfig {
  return {
    name,
    transport: { kind: 'stdio', command: 'node', args: [], env: {} },
    identity: { provider: name },
    timeoutMs: 30_000,
    isolation: 'shared',
    maxTenants: 20,
    idleTimeoutMs: 600_000,
    matchCallerRevision: false,
    identityHeaders: {},
    source: { file: '/cfg/portico.yaml', line: 70, path: `mcp_servers.${name}` },
    ...extra,
  };
}

/** A whole config. */
export function config(parts: Partial<PorticoConfig>): PorticoConfig {
  return {
    file: '/cfg/portico.yaml',
    baseDir: '/cfg',
    server: {
      allowedOrigins: [],
      allowedHosts: [],
      trustedProxies: [],
      maxBodyBytes: 1 << 20,
      maxJsonDepth: 64,
      maxSuspendedCallsPerTenant: 100,
      headersTimeoutMs: 10_000,
      bodyTimeoutMs: 30_000,
      bodyMinBytesPerSec: 1_024,
      keepAliveTimeoutMs: 5_000,
      maxConnectionsPerAddress: 256,
      pageSize: 100,
    },
    naming: FLAT,
    publish: { descriptionMaxLength: 1024 },
    systems: [],
    openapi: [],
    mcpServers: [],
    defaultView: view('default'),
    views: [],
    auth: { devTenant: 'dev' },
    limits: {
      token: null,
      tenant: null,
      tenantDailyQuota: null,
      authFailures: { points: 20, durationSec: 60, text: '20/min' },
      accountFailures: { points: 5, durationSec: 900, text: '5/15min' },
    },
    audit: { retentionDays: 30, recordArguments: [], durability: 'sync' },
    ...parts,
  };
}

/** An OpenAPI 3.1 document with `count` GET operations `op00000…`. */
export function generatedDocument(count: number): OpenApiDocument {
  const paths: NonNullable<OpenApiDocument['paths']> = {};
  for (let i = 0; i < count; i++) {
    const id = String(i).padStart(5, '0');
    paths[`/items${id}/{id}`] = {
      get: {
        operationId: `op${id}`,
        summary: `Operation ${id}`,
        tags: [i % 2 === 0 ? 'even' : 'odd'],
        parameters: [
          { name: 'id', in: 'path', required: true, schema: { type: 'string' } },
          { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1 } },
        ],
        responses: { '200': { description: 'ok' } },
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Big', version: '1' },
    servers: [{ url: 'https://big.example.com' }],
    paths,
  };
}

/** Operation by name, failing loudly when absent. */
export function opNamed(ops: readonly OperationSpec[], name: string): OperationSpec {
  const op = ops.find((o) => o.name === name);
  if (op === undefined) throw new Error(`no operation ${name} in ${ops.map((o) => o.name).join(', ')}`);
  return op;
}

/** The PorticoError `run` throws (fails the test when it does not throw one). */
export function buildError(run: () => unknown): PorticoError {
  try {
    run();
  } catch (err) {
    expect(isPorticoError(err)).toBe(true);
    return err as PorticoError;
  }
  throw new Error('expected a PorticoError');
}

/** The HTTP tool named `name` (fails when absent or not an HTTP tool). */
export function http(catalog: Catalog, name: string): HttpCatalogTool {
  const tool = catalog.byName.get(name);
  if (tool?.kind !== 'http')
    throw new Error(`no HTTP tool ${name} in ${[...catalog.byName.keys()].join(', ')}`);
  return tool;
}
