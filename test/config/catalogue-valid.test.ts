// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these strings are YAML using the ${VAR} syntax
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/index.js';
import { BILLING, yaml } from './helpers.js';

const loc = (line: number, column: number, path: string) => ({ file: 'portico.yaml', line, column, path });

/** The YAML block of the "Catalogue" section of docs/configuration.md. */
function catalogueBlock(): string {
  const docs = readFileSync(new URL('../../docs/configuration.md', import.meta.url), 'utf8');
  const section = docs.slice(docs.indexOf('## Catalogue'));
  const block = /```yaml\n([\s\S]*?)```/.exec(section)?.[1];
  if (block === undefined) throw new Error('no YAML block in the Catalogue section');
  return block;
}

describe('parseConfig: the Catalogue example of docs/configuration.md', () => {
  const config = parseConfig(catalogueBlock(), 'portico.yaml', { GITHUB_MCP_TOKEN: 'ghp-secret' });

  it('normalizes naming and publish', () => {
    expect(config.naming).toEqual({
      strategy: 'namespaced',
      separator: '.',
      maxLength: 50,
      onCollision: 'fail',
    });
    expect(config.publish).toEqual({ descriptionMaxLength: 1024 });
  });

  it('normalizes a system identity, an operation group and long_running', () => {
    const [system] = config.systems;
    expect(system?.identity).toEqual({
      provider: 'entra',
      instance: 'cont',
      instanceLabel: 'Contoso',
      env: 'prod',
    });
    const [byId, start, status] = system!.operations;
    expect(byId).toMatchObject({ name: 'account.get_by_id', group: 'accounts' });
    expect(start?.group).toBeUndefined();
    expect(start?.longRunning).toEqual({
      statusOperation: 'get_export',
      handleField: 'export_id',
      statusArgument: 'export_id',
      statusField: 'status',
      terminal: ['done', 'failed'],
      pollIntervalMs: 1000,
      maxWaitMs: 60000,
    });
    expect(status?.longRunning).toBeUndefined();
  });

  it('normalizes an openapi identity and its per-operation overrides, with defaults', () => {
    const [entry] = config.openapi;
    expect(entry?.identity).toEqual({ provider: 'flowhub' });
    expect(entry?.overrides).toEqual({
      trigger_sync: {
        group: 'runs',
        annotations: { idempotent: false },
        longRunning: {
          statusOperation: 'get_run',
          handleField: 'run_id',
          statusArgument: 'run_id',
          statusField: 'status',
          terminal: ['success', 'failed'],
          pollIntervalMs: 1000,
          maxWaitMs: 60000,
        },
        source: loc(40, 7, 'openapi[0].operations.trigger_sync'),
      },
    });
  });

  it('normalizes remote and stdio MCP servers', () => {
    expect(config.mcpServers).toEqual([
      {
        name: 'github',
        transport: {
          kind: 'http',
          url: 'https://mcp.example.com/mcp',
          headers: { 'X-Team': 'platform' },
          bearer: 'ghp-secret',
        },
        identity: { provider: 'github' },
        timeoutMs: 30000,
        isolation: 'per_tenant',
        maxTenants: 20,
        idleTimeoutMs: 600000,
        matchCallerRevision: false,
        identityHeaders: {},
        source: loc(46, 3, 'mcp_servers.github'),
      },
      {
        name: 'files',
        transport: {
          kind: 'stdio',
          command: 'node',
          args: ['./file-server.js'],
          env: { ROOT: '/srv/files' },
          cwd: resolve('servers'),
        },
        identity: { provider: 'files' },
        timeoutMs: 30000,
        isolation: 'per_tenant',
        maxTenants: 20,
        idleTimeoutMs: 600000,
        matchCallerRevision: false,
        identityHeaders: {},
        source: loc(52, 3, 'mcp_servers.files'),
      },
    ]);
  });

  it('normalizes default_view and views with their defaults', () => {
    expect(config.defaultView).toEqual({
      name: 'default',
      include: ['*'],
      exclude: [],
      systems: [],
      tags: [],
      surface: 'tools',
      source: loc(58, 1, 'default_view'),
    });
    expect(config.views).toEqual([
      {
        name: 'readonly',
        description: 'Everything but writes',
        include: ['*'],
        exclude: [],
        systems: [],
        tags: [],
        readOnly: true,
        surface: 'tools',
        source: loc(61, 3, 'views.readonly'),
      },
      {
        name: 'ops',
        include: ['*'],
        exclude: [],
        systems: ['flowhub'],
        tags: [],
        surface: 'facade',
        maxTools: 40,
        source: loc(64, 3, 'views.ops'),
      },
    ]);
  });
});

describe('parseConfig: catalogue keys', () => {
  it('accepts a template strategy, numbers from variables and an empty view', () => {
    const text = yaml(
      'naming:',
      '  strategy: template',
      '  template: "{env}-{provider}_{name}"',
      '  separator: __',
      '  max_length: ${MAX:-64}',
      '  on_collision: suffix',
      'publish: { description_max_length: 300 }',
      ...BILLING,
      'views:',
      '  everything:',
    );
    const config = parseConfig(text, 'portico.yaml', {});
    expect(config.naming).toEqual({
      strategy: 'template',
      separator: '__',
      template: '{env}-{provider}_{name}',
      maxLength: 64,
      onCollision: 'suffix',
    });
    expect(config.publish.descriptionMaxLength).toBe(300);
    expect(config.views).toEqual([
      {
        name: 'everything',
        include: ['*'],
        exclude: [],
        systems: [],
        tags: [],
        surface: 'tools',
        source: loc(12, 3, 'views.everything'),
      },
    ]);
  });

  it('applies the long_running defaults and keeps explicit values', () => {
    const text = yaml(
      ...BILLING,
      '    operations:',
      '      start: { method: POST, path: /s, long_running: { status_operation: check, handle_field: job.id,',
      '        status_argument: job, status_field: state.name, terminal: [ok], poll_interval_ms: 250,',
      '        max_wait_ms: 5000 } }',
      '      check: { path: "/c/{job}", arguments: { job: { type: string } } }',
    );
    const [start] = parseConfig(text, 'portico.yaml', {}).systems[0]!.operations;
    expect(start?.longRunning).toEqual({
      statusOperation: 'check',
      handleField: 'job.id',
      statusArgument: 'job',
      statusField: 'state.name',
      terminal: ['ok'],
      pollIntervalMs: 250,
      maxWaitMs: 5000,
    });
  });

  it('gives MCP servers and openapi entries an identity defaulting to their name', () => {
    const text = yaml(
      'openapi:',
      '  - { name: flows, source: ./o.yaml, identity: { instance: eu } }',
      'mcp_servers:',
      '  remote: { url: "http://127.0.0.1:9000/mcp", identity: { provider: gh, env: dev }, timeout_ms: 5000 }',
      '  local: { command: ./server, cwd: /opt/srv }',
    );
    const config = parseConfig(text, 'portico.yaml', {});
    expect(config.openapi[0]?.identity).toEqual({ provider: 'flows', instance: 'eu' });
    expect(config.mcpServers.map((s) => [s.name, s.identity, s.timeoutMs, s.transport])).toEqual([
      [
        'remote',
        { provider: 'gh', env: 'dev' },
        5000,
        { kind: 'http', url: 'http://127.0.0.1:9000/mcp', headers: {} },
      ],
      [
        'local',
        { provider: 'local' },
        30000,
        { kind: 'stdio', command: './server', args: [], env: {}, cwd: '/opt/srv' },
      ],
    ]);
  });

  it('leaves match_caller_revision off unless set, for either isolation', () => {
    const text = yaml(
      'mcp_servers:',
      '  a: { command: ./a }',
      '  b: { command: ./b, isolation: shared }',
      '  c: { command: ./c, isolation: shared, match_caller_revision: true }',
      '  d: { url: "http://127.0.0.1:9000/mcp", match_caller_revision: true }',
    );
    const config = parseConfig(text, 'portico.yaml', {});
    expect(config.mcpServers.map((s) => [s.name, s.isolation, s.matchCallerRevision])).toEqual([
      ['a', 'per_tenant', false],
      ['b', 'shared', false],
      ['c', 'shared', true],
      ['d', 'per_tenant', true],
    ]);
  });

  it('refuses a match_caller_revision that is not a boolean, naming the key', () => {
    expect(() =>
      parseConfig(
        yaml('mcp_servers:', '  a: { command: ./a, match_caller_revision: sometimes }'),
        'portico.yaml',
        {},
      ),
    ).toThrow(/match_caller_revision/);
  });
});
