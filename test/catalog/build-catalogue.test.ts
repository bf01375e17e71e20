import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  buildCatalog,
  loadOpenApiDocument,
  type McpCatalogTool,
  type OpenApiDocument,
  type RemoteToolInfo,
} from '../../src/catalog/index.js';
import type { LongRunningSpec } from '../../src/spec/index.js';
import {
  arg,
  buildError,
  config,
  FIXTURES,
  http,
  mcpServer,
  naming,
  openapiEntry,
  yamlOp,
  yamlSystem,
} from './helpers.js';

const flowsDoc = () => loadOpenApiDocument('flows-3.0.yaml', FIXTURES);

const exportSpec: LongRunningSpec = {
  statusOperation: 'get_export',
  handleField: 'export_id',
  statusArgument: 'export_id',
  statusField: 'status',
  terminal: ['done', 'failed'],
  pollIntervalMs: 1000,
  maxWaitMs: 90_000,
};

function entra(extra: { longRunning?: LongRunningSpec; startArgs?: ReturnType<typeof arg>[] } = {}) {
  const system = yamlSystem('entra_contoso', [
    yamlOp('account.get_by_id', { path: '/accounts/{id}', arguments: [arg('id')], group: 'accounts' }),
    yamlOp('start_export', {
      method: 'POST',
      path: '/exports',
      arguments: extra.startArgs ?? [arg('kind')],
      ...(extra.longRunning === undefined ? {} : { longRunning: extra.longRunning }),
    }),
    yamlOp('get_export', { path: '/exports/{export_id}', arguments: [arg('export_id')] }),
  ]);
  system.identity = { provider: 'entra', instance: 'cont', instanceLabel: 'Contoso', env: 'prod' };
  return system;
}

function mcpTool(tool: ReturnType<typeof buildCatalog>['tools'][number] | undefined): McpCatalogTool {
  if (tool?.kind !== 'mcp') throw new Error('expected an MCP tool');
  return tool;
}

describe('buildCatalog: identity, owner, group', () => {
  it('names tools provider.instance.base and carries identity, owner, base name and tags', () => {
    const catalog = buildCatalog(config({ naming: naming(), systems: [entra()] }), new Map());
    expect(catalog.tools.map((t) => t.name)).toEqual([
      'entra.cont.account.get_by_id',
      'entra.cont.get_export',
      'entra.cont.start_export',
    ]);
    const tool = http(catalog, 'entra.cont.account.get_by_id');
    expect(tool).toMatchObject({
      kind: 'http',
      baseName: 'account.get_by_id',
      owner: 'entra_contoso',
      identity: { provider: 'entra', instance: 'cont', instanceLabel: 'Contoso', env: 'prod' },
      tags: [],
      group: 'accounts',
    });
    expect(tool.system.identity).toEqual(tool.identity);
    expect(tool.operation.group).toBe('accounts');
    expect(http(catalog, 'entra.cont.get_export').group).toBeUndefined();
    expect('group' in http(catalog, 'entra.cont.get_export')).toBe(false);
  });

  it('groups OpenAPI operations by their first tag unless an override sets the group', async () => {
    const entry = openapiEntry('flowhub', 'flows-3.0.yaml', {
      identity: { provider: 'fh' },
      overrides: {
        start_run: { group: 'execution', annotations: {}, source: { file: '/cfg/portico.yaml' } },
      },
    });
    const catalog = buildCatalog(
      config({ naming: naming(), openapi: [entry] }),
      new Map([['flowhub', await flowsDoc()]]),
    );
    expect(http(catalog, 'fh.listFlows').group).toBe('flows');
    expect(http(catalog, 'fh.get_flows_flow_runs').group).toBe('runs');
    expect(http(catalog, 'fh.start_run').group).toBe('execution');
    expect(http(catalog, 'fh.start_run').tags).toEqual(['runs']);
    expect(http(catalog, 'fh.listFlows').system.identity).toEqual({ provider: 'fh' });
    const untagged: OpenApiDocument = {
      openapi: '3.1.0',
      servers: [{ url: 'https://x.example.com' }],
      paths: { '/x': { get: { operationId: 'x' } } },
    };
    const plain = buildCatalog(
      config({ openapi: [openapiEntry('x', 'x.json')] }),
      new Map([['x', untagged]]),
    );
    expect(plain.tools[0]?.group).toBeUndefined();
  });

  it('applies override annotations over x-portico-* extensions and method defaults', async () => {
    const source = { file: '/cfg/portico.yaml', line: 50 };
    const entry = openapiEntry('flowhub', 'flows-3.0.yaml', {
      overrides: {
        resetAll: { annotations: { idempotent: false }, source },
        listFlows: { annotations: { openWorld: true }, source },
      },
    });
    const catalog = buildCatalog(config({ openapi: [entry] }), new Map([['flowhub', await flowsDoc()]]));
    // resetAll: POST, x-portico-destructive: true, x-portico-idempotent: true (overridden to false).
    expect(http(catalog, 'resetAll').annotations).toEqual({
      readOnly: false,
      destructive: true,
      idempotent: false,
      openWorld: false,
    });
    expect(http(catalog, 'listFlows').annotations).toEqual({
      readOnly: true,
      destructive: false,
      idempotent: true,
      openWorld: true,
    });
  });

  it('rejects an override naming no operation (with a suggestion) and warns about a left-out one', async () => {
    const source = { file: '/cfg/portico.yaml', line: 52, column: 7, path: 'openapi[0].operations.listFlow' };
    const unknown = openapiEntry('flowhub', 'flows-3.0.yaml', {
      overrides: { listFlow: { annotations: {}, source } },
    });
    const doc = await flowsDoc();
    const err = buildError(() => buildCatalog(config({ openapi: [unknown] }), new Map([['flowhub', doc]])));
    expect(err.code).toBe('config_invalid');
    expect(err.message).toBe(
      'openapi[0].operations.listFlow (/cfg/portico.yaml:52:7): flows-3.0.yaml has no operation "listFlow" — ' +
        'did you mean "listFlows"?; operations are named by operationId, or <method>_<path words> without one.',
    );
    const leftOut = openapiEntry('flowhub', 'flows-3.0.yaml', {
      exclude: { tags: [], operations: ['deleteFlow'], paths: [] },
      overrides: {
        deleteFlow: { annotations: {}, source: { ...source, path: 'openapi[0].operations.deleteFlow' } },
      },
    });
    const catalog = buildCatalog(config({ openapi: [leftOut] }), new Map([['flowhub', doc]]));
    expect(catalog.warnings).toContain(
      'openapi[0].operations.deleteFlow (/cfg/portico.yaml:52:7): operation "deleteFlow" is not imported; ignored.',
    );
  });
});

describe('buildCatalog: long-running operations', () => {
  it('carries long_running and adds an optional boolean `wait` to the input schema', () => {
    const catalog = buildCatalog(
      config({ naming: naming(), systems: [entra({ longRunning: exportSpec })] }),
      new Map(),
    );
    const start = http(catalog, 'entra.cont.start_export');
    expect(start.operation.longRunning).toEqual(exportSpec);
    expect(start.inputSchema).toEqual({
      type: 'object',
      properties: {
        kind: { type: 'string' },
        wait: {
          type: 'boolean',
          description:
            'Wait for the operation to finish (up to 90 s), reporting progress; default false returns the handle at once.',
        },
      },
      additionalProperties: false,
    });
    expect(http(catalog, 'entra.cont.get_export').inputSchema.properties).not.toHaveProperty('wait');
  });

  it('rejects a status operation that is not in the same system, located, with a suggestion', () => {
    const bad = { ...exportSpec, statusOperation: 'get_exprt' };
    const err = buildError(() => buildCatalog(config({ systems: [entra({ longRunning: bad })] }), new Map()));
    expect(err.code).toBe('config_invalid');
    expect(err.message).toBe(
      'systems.x.operations.start_export.long_running (/cfg/portico.yaml:12): status_operation "get_exprt" is ' +
        'not an operation of system "entra_contoso" — did you mean "get_export"?; name the operation that ' +
        'reports the state.',
    );
    expect(err.details).toMatchObject({ system: 'entra_contoso', operation: 'start_export', line: 12 });
  });

  it('rejects a status argument the status operation does not take', () => {
    const bad = { ...exportSpec, statusArgument: 'exportid' };
    const err = buildError(() => buildCatalog(config({ systems: [entra({ longRunning: bad })] }), new Map()));
    expect(err.message).toContain(
      'status_argument "exportid" is not an argument of status operation "get_export" (its arguments: ' +
        'export_id) — did you mean "export_id"?',
    );
  });

  it('rejects a long-running operation that already has a `wait` argument', () => {
    const system = entra({
      longRunning: exportSpec,
      startArgs: [arg('wait', { schema: { type: 'integer' } })],
    });
    const err = buildError(() => buildCatalog(config({ systems: [system] }), new Map()));
    expect(err.message).toContain(
      'operation "start_export" already has an argument "wait", which a long-running tool adds itself',
    );
  });

  it('checks OpenAPI long_running overrides against the imported operations, at the override', async () => {
    const source = {
      file: '/cfg/portico.yaml',
      line: 60,
      column: 7,
      path: 'openapi[0].operations.start_run',
    };
    const spec = {
      ...exportSpec,
      statusOperation: 'get_run',
      handleField: 'run_id',
      statusArgument: 'run_id',
    };
    const entry = openapiEntry('flowhub', 'flows-3.0.yaml', {
      overrides: { start_run: { longRunning: spec, annotations: {}, source } },
    });
    const doc = await flowsDoc();
    const err = buildError(() => buildCatalog(config({ openapi: [entry] }), new Map([['flowhub', doc]])));
    expect(err.message).toMatch(
      /^openapi\[0\]\.operations\.start_run\.long_running \(\/cfg\/portico\.yaml:60:7\): status_operation "get_run" is not an operation of system "flowhub"/,
    );
    const ok = { ...spec, statusOperation: 'getFlow', statusArgument: 'flow' };
    const fine = openapiEntry('flowhub', 'flows-3.0.yaml', {
      overrides: { start_run: { longRunning: ok, annotations: {}, source } },
    });
    const catalog = buildCatalog(config({ openapi: [fine] }), new Map([['flowhub', doc]]));
    expect(http(catalog, 'start_run').operation.longRunning).toEqual(ok);
    expect(http(catalog, 'start_run').inputSchema.properties).toHaveProperty('wait');
  });
});

describe('buildCatalog: federated MCP servers', () => {
  const remote: RemoteToolInfo[] = [
    {
      name: 'search_issues',
      title: 'Search issues',
      description: 'Search GitHub issues.',
      inputSchema: { type: 'object', properties: { q: { type: 'string' } }, required: ['q'] },
      outputSchema: { type: 'object', properties: { total: { type: 'integer' } } },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    { name: 'create_issue', inputSchema: { type: 'object' }, annotations: { title: 'Create an issue' } },
  ];
  const github = mcpServer('github', { identity: { provider: 'gh', instance: 'corp' } });

  it('turns each listed tool into an MCP catalogue tool, named like any other', () => {
    const cfg = config({ naming: naming(), systems: [entra()], mcpServers: [github] });
    const catalog = buildCatalog(cfg, new Map(), new Map([['github', remote]]));
    expect(catalog.tools.map((t) => t.name)).toEqual([
      'entra.cont.account.get_by_id',
      'entra.cont.get_export',
      'entra.cont.start_export',
      'gh.corp.create_issue',
      'gh.corp.search_issues',
    ]);
    expect(mcpTool(catalog.byName.get('gh.corp.search_issues'))).toEqual({
      kind: 'mcp',
      name: 'gh.corp.search_issues',
      baseName: 'search_issues',
      owner: 'github',
      identity: { provider: 'gh', instance: 'corp' },
      server: 'github',
      remoteName: 'search_issues',
      title: 'Search issues',
      description: 'Search GitHub issues.',
      inputSchema: remote[0]!.inputSchema,
      outputSchema: remote[0]!.outputSchema,
      annotations: { readOnly: true, destructive: true, idempotent: false, openWorld: false },
      tags: [],
    });
    const create = mcpTool(catalog.byName.get('gh.corp.create_issue'));
    expect(create.title).toBe('Create an issue');
    expect(create.description).toBe('Tool create_issue of MCP server github.');
    expect(create.annotations).toEqual({
      readOnly: false,
      destructive: true,
      idempotent: false,
      openWorld: true,
    });
    expect(create).not.toHaveProperty('outputSchema');
  });

  it('leaves out servers that are not declared and repeated tool names, with warnings', () => {
    const twice = [...remote, { name: 'search_issues', inputSchema: { type: 'object' } }];
    const catalog = buildCatalog(
      config({ mcpServers: [github] }),
      new Map(),
      new Map([
        ['github', twice],
        ['ghost', remote],
      ]),
    );
    expect(catalog.tools.map((t) => t.name)).toEqual(['create_issue', 'search_issues']);
    expect(catalog.warnings).toEqual([
      'MCP server "github" lists tool "search_issues" twice; the first one is used.',
      'MCP server "ghost" is not declared under mcp_servers; its 2 tools are left out.',
    ]);
  });

  it('settles a clash between an HTTP and an MCP tool by the collision policy', () => {
    const system = yamlSystem('billing', [yamlOp('search_issues')]);
    const cfg = config({ systems: [system], mcpServers: [github] });
    const err = buildError(() => buildCatalog(cfg, new Map(), new Map([['github', remote]])));
    expect(err.message).toContain(
      'Duplicate tool name "search_issues": system "billing" operation "search_issues" (/cfg/portico.yaml:12) ' +
        'and MCP server "github" tool "search_issues" (/cfg/portico.yaml:70)',
    );
    const suffix = config({ ...cfg, naming: { ...cfg.naming, onCollision: 'suffix' } });
    const catalog = buildCatalog(suffix, new Map(), new Map([['github', remote]]));
    expect(catalog.byName.get('search_issues')?.kind).toBe('http');
    expect(catalog.byName.get('search_issues_2')?.kind).toBe('mcp');
  });

  it('rejects an MCP server named like a system', () => {
    const cfg = config({ systems: [yamlSystem('github', [])], mcpServers: [github] });
    const err = buildError(() => buildCatalog(cfg, new Map()));
    expect(err.message).toBe(
      'System name "github" is declared twice (/cfg/portico.yaml:5 and /cfg/portico.yaml:70); systems, openapi ' +
        'and mcp_servers names must be unique.',
    );
  });
});

describe('buildCatalog: publishing limits', () => {
  it('cuts long descriptions of HTTP and MCP tools to publish.descriptionMaxLength', () => {
    const long = `Fetch one account. ${'Details. '.repeat(20)}`;
    const system = yamlSystem('acc', [yamlOp('get', { description: long })]);
    const cfg = config({
      publish: { descriptionMaxLength: 40 },
      systems: [system],
      mcpServers: [mcpServer('m')],
    });
    const catalog = buildCatalog(
      cfg,
      new Map(),
      new Map([['m', [{ name: 'remote', description: long, inputSchema: { type: 'object' } }]]]),
    );
    for (const tool of catalog.tools) {
      expect(tool.description).toBe(`${long.slice(0, 39)}…`);
      expect(tool.description).toHaveLength(40);
    }
    expect(http(catalog, 'get').operation.description).toBe(long);
  });

  it('shortens long names with a stable hash: the same on every build', () => {
    const base = `list_${'very_'.repeat(10)}long_things`;
    const cfg = config({ naming: naming(), systems: [yamlSystem('inventory', [yamlOp(base)])] });
    const full = `inventory.${base}`;
    const hash = createHash('sha256').update(full).digest('hex').slice(0, 8);
    const expected = `${full.slice(0, 41)}_${hash}`;
    const first = buildCatalog(cfg, new Map()).tools.map((t) => t.name);
    const second = buildCatalog(cfg, new Map()).tools.map((t) => t.name);
    expect(first).toEqual([expected]);
    expect(second).toEqual(first);
    expect(expected).toBe('inventory.list_very_very_very_very_very_v_0747952a');
  });
});
