import { describe, expect, it } from 'vitest';
import { BILLING, configError, issueLines, yaml } from './helpers.js';

describe('parseConfig: naming and publish issues', () => {
  it('checks strategy, max_length bounds and on_collision', () => {
    expect(issueLines(yaml('naming: { strategy: namespace }', ...BILLING))).toEqual([
      '1:21 naming.strategy: expected one of namespaced, flat, template, found "namespace" — did you mean "namespaced"?',
    ]);
    expect(issueLines(yaml('naming: { max_length: 8 }', ...BILLING))).toEqual([
      '1:23 naming.max_length: expected a number >= 16, found 8',
    ]);
    expect(issueLines(yaml('naming: { max_length: 200, on_collision: rename }', ...BILLING))).toEqual([
      '1:23 naming.max_length: expected a number <= 128, found 200',
      '1:42 naming.on_collision: expected one of fail, suffix, found "rename"',
    ]);
  });

  it('requires a template with strategy: template, and only then', () => {
    expect(configError(yaml('naming:', '  strategy: template', ...BILLING)).issues).toEqual([
      {
        file: 'portico.yaml',
        line: 1,
        column: 1,
        path: 'naming.template',
        message: 'missing required key "template" (strategy: template needs it)',
        hint:
          'e.g. template: "{provider}{sep}{instance}{sep}{name}"; placeholders: {provider}, {instance}, ' +
          '{env}, {system}, {name}, {sep}',
      },
    ]);
    expect(issueLines(yaml('naming:', '  template: "{name}"', ...BILLING))).toEqual([
      '2:3 naming.template: template is only used with strategy: template (strategy is namespaced (the default))',
    ]);
    expect(issueLines(yaml('naming: { strategy: flat, template: "{name}" }', ...BILLING))).toEqual([
      '1:27 naming.template: template is only used with strategy: template (strategy is flat)',
    ]);
  });

  it('reports unknown placeholders (with a suggestion), invalid characters and a missing {name}', () => {
    const text = yaml('naming:', '  strategy: template', '  template: "{provder}/{nam}"', ...BILLING);
    const issues = configError(text).issues;
    expect(issues.map((i) => `${i.line}:${i.column} ${i.path}: ${i.message}`)).toEqual([
      '3:13 naming.template: template must contain {name} (the operation or remote tool name)',
      '3:14 naming.template: unknown placeholder {provder} — did you mean {provider}?',
      '3:23 naming.template: invalid character "/" in template: expected letters, digits, "_", "." or "-" besides the {placeholders}',
      '3:24 naming.template: unknown placeholder {nam} — did you mean {name}?',
    ]);
    expect(issues[1]).toMatchObject({
      expected: 'one of {provider}, {instance}, {env}, {system}, {name}, {sep}',
      found: '{provder}',
    });
  });

  it('checks publish.description_max_length', () => {
    expect(issueLines(yaml('publish: { description_max_length: 0, max: 3 }', ...BILLING))).toEqual([
      '1:36 publish.description_max_length: expected a number >= 1, found 0',
      '1:39 publish.max: unknown key "max"',
    ]);
  });
});

describe('parseConfig: identity, group and long_running issues', () => {
  it('checks identity values and keys', () => {
    expect(issueLines(yaml(...BILLING, '    identity: { provider: "en tra", instanse: x }'))).toEqual([
      '4:27 systems.billing.identity.provider: invalid identity provider name "en tra": expected 1 to 64 letters, digits, "_", "." or "-"',
      '4:37 systems.billing.identity.instanse: unknown key "instanse" — did you mean "instance"?',
    ]);
  });

  it('checks group names', () => {
    expect(
      issueLines(yaml(...BILLING, '    operations:', '      a: { path: /a, group: "my group" }')),
    ).toEqual([
      '5:29 systems.billing.operations.a.group: invalid group name "my group": expected 1 to 64 letters, digits, "_", "." or "-"',
    ]);
  });

  it('requires status_operation and a non-empty terminal list', () => {
    const text = yaml(
      ...BILLING,
      '    operations:',
      '      a:',
      '        path: /a',
      '        long_running: { handle_field: id, terminal: [] }',
    );
    expect(issueLines(text)).toEqual([
      '7:9 systems.billing.operations.a.long_running.status_operation: missing required key "status_operation"',
      '7:53 systems.billing.operations.a.long_running.terminal: expected a non-empty list, found an empty list',
    ]);
  });

  it('requires status_operation to be an operation of the same system, with a suggestion', () => {
    const text = yaml(
      ...BILLING,
      '    operations:',
      '      a:',
      '        path: /a',
      '        long_running: { status_operation: chek, handle_field: id, terminal: [done] }',
      '      check: { path: "/c/{id}", arguments: { id: { type: string } } }',
    );
    expect(configError(text).issues).toEqual([
      {
        file: 'portico.yaml',
        line: 7,
        column: 43,
        path: 'systems.billing.operations.a.long_running.status_operation',
        message: 'status_operation "chek" is not an operation of system "billing" — did you mean "check"?',
        expected: 'an operation of system "billing"',
        found: '"chek"',
        hint: 'name the operation of this system that reports the state; it is called with the handle',
      },
    ]);
  });

  it('requires the status operation to take status_argument (default: handle_field)', () => {
    const status = '      check: { path: "/c/{job}", arguments: { job: { type: string } } }';
    const explicit = yaml(
      ...BILLING,
      '    operations:',
      '      a:',
      '        path: /a',
      '        long_running: { status_operation: check, handle_field: id, status_argument: jb, terminal: [done] }',
      status,
    );
    expect(issueLines(explicit)).toEqual([
      '7:85 systems.billing.operations.a.long_running.status_argument: status_argument "jb" is not an argument of operation "check" (its arguments: job) — did you mean "job"?',
    ]);
    const defaulted = yaml(
      ...BILLING,
      '    operations:',
      '      a:',
      '        path: /a',
      '        long_running: { status_operation: check, handle_field: id, terminal: [done] }',
      status,
    );
    expect(configError(defaulted).issues).toEqual([
      {
        file: 'portico.yaml',
        line: 7,
        column: 9,
        path: 'systems.billing.operations.a.long_running',
        message:
          'status_argument defaults to handle_field "id", which is not an argument of operation "check" (its arguments: job)',
        hint: 'set status_argument to the argument the handle is passed as, e.g. status_argument: job',
      },
    ]);
  });

  it('rejects a `wait` argument on a long-running operation and unknown long_running keys', () => {
    const text = yaml(
      ...BILLING,
      '    operations:',
      '      a:',
      '        method: POST',
      '        path: /a',
      '        arguments: { wait: { type: boolean } }',
      '        long_running: { status_operation: a, handle_field: wait, terminal: [done], poll: 3 }',
    );
    expect(
      configError(text).issues.map((i) => [`${i.line}:${i.column} ${i.path}: ${i.message}`, i.hint]),
    ).toEqual([
      [
        '8:22 systems.billing.operations.a.arguments.wait: argument "wait" clashes with the "wait" argument long_running adds',
        'rename the argument; field: wait keeps its name on the wire',
      ],
      [
        '9:84 systems.billing.operations.a.long_running.poll: unknown key "poll"',
        'valid keys here: status_operation, handle_field, status_argument, status_field, terminal, poll_interval_ms, max_wait_ms',
      ],
    ]);
  });

  it('checks openapi operation overrides: names, keys, groups', () => {
    const text = yaml(
      'openapi:',
      '  - name: f',
      '    source: ./o.yaml',
      '    identity: { provider: f }',
      '    operations:',
      '      "bad name": { groop: x }',
      '      ok: { group: "a b", long_running: { status_operation: x, handle_field: y, terminal: [z] } }',
    );
    expect(issueLines(text)).toEqual([
      '6:7 openapi[0].operations.bad name: invalid operation name "bad name": expected 1 to 64 letters, digits, "_", "." or "-"',
      '6:21 openapi[0].operations.bad name.groop: unknown key "groop" — did you mean "group"?',
      '7:20 openapi[0].operations.ok.group: invalid group name "a b": expected 1 to 64 letters, digits, "_", "." or "-"',
    ]);
  });
});

describe('parseConfig: mcp_servers issues', () => {
  it('requires exactly one of url and command, each with its own keys', () => {
    const text = yaml(
      ...BILLING,
      'mcp_servers:',
      '  both: { url: "https://x.example/mcp", command: node, args: [a] }',
      '  neither: { timeout_ms: 5 }',
      '  badurl: { url: "ftp://x" }',
      '  cmd: { command: node, headers: { "X A": b }, bearer: t }',
      '  remote: { url: "https://x.example/mcp", cwd: /tmp }',
    );
    expect(issueLines(text)).toEqual([
      '5:41 mcp_servers.both.command: give either url (remote server) or command (local stdio server), not both',
      '6:3 mcp_servers.neither: MCP server "neither" needs url or command',
      '7:18 mcp_servers.badurl.url: expected an absolute http(s) URL, found "ftp://x"',
      '8:25 mcp_servers.cmd.headers: headers is only for url (remote) servers',
      '8:36 mcp_servers.cmd.headers.X A: invalid header name "X A": expected an HTTP header name (letters, digits and !#$%&\'*+.^_`|~-)',
      '8:48 mcp_servers.cmd.bearer: bearer is only for url (remote) servers',
      '9:43 mcp_servers.remote.cwd: cwd is only for command (stdio) servers',
    ]);
    expect(configError(text).issues[1]?.hint).toBe(
      'a remote server: url: https://mcp.example.com/mcp; a local one: command: node, args: [./server.js]',
    );
  });

  it('keeps names unique across systems, openapi and mcp_servers, and checks server names', () => {
    const text = yaml(
      ...BILLING,
      'openapi:',
      '  - { name: flowhub, source: ./o.yaml }',
      'mcp_servers:',
      '  billing: { url: "https://x.example/mcp" }',
      '  flowhub: { command: node }',
      '  "bad name": { command: node }',
    );
    const issues = configError(text).issues;
    expect(issues.map((i) => `${i.line}:${i.column} ${i.path}: ${i.message}`)).toEqual([
      '7:3 mcp_servers.billing: duplicate MCP server name "billing"',
      '8:3 mcp_servers.flowhub: duplicate MCP server name "flowhub"',
      '9:3 mcp_servers.bad name: invalid MCP server name "bad name": expected 1 to 64 letters, digits, "_", "." or "-"',
    ]);
    expect(issues[0]?.hint).toBe(
      'already used by systems.billing at line 2; names must be unique across systems, openapi and mcp_servers',
    );
    expect(issues[1]?.hint).toBe(
      'already used by openapi[0].name at line 5; names must be unique across systems, openapi and mcp_servers',
    );
  });
});

describe('parseConfig: views issues', () => {
  const owners = [
    'openapi:',
    '  - { name: flowhub, source: ./o.yaml }',
    'mcp_servers:',
    '  github: { url: "https://x.example/mcp" }',
  ];

  it('checks view names: the URL rule and the reserved names', () => {
    const text = yaml(...owners, 'views:', '  tools: {}', '  default: {}', '  Read_Only: {}');
    expect(
      configError(text).issues.map((i) => [`${i.line}:${i.column} ${i.path}: ${i.message}`, i.hint]),
    ).toEqual([
      [
        '6:3 views.tools: view name "tools" is reserved (GET /mcp/tools/list is the REST discovery endpoint)',
        'rename the view',
      ],
      [
        '7:3 views.default: view name "default" is reserved for the view served at /mcp',
        'configure that view under default_view, or rename this one',
      ],
      [
        '8:3 views.Read_Only: invalid view name "Read_Only": expected 1 to 64 lowercase letters, digits, "_" or "-"',
        'the view is served at /mcp/{name}; rename it, e.g. read-only',
      ],
    ]);
  });

  it('requires `systems` entries to name declared systems, openapi entries or MCP servers', () => {
    const text = yaml(
      ...owners,
      'default_view: { systems: [flowhb] }',
      'views:',
      '  ops: { systems: [flowhub, githb, zzz] }',
    );
    const issues = configError(text).issues;
    expect(issues.map((i) => `${i.line}:${i.column} ${i.path}: ${i.message}`)).toEqual([
      '5:27 default_view.systems[0]: unknown system "flowhb" — did you mean "flowhub"?',
      '7:29 views.ops.systems[1]: unknown system "githb" — did you mean "github"?',
      '7:36 views.ops.systems[2]: unknown system "zzz"',
    ]);
    expect(issues[2]).toMatchObject({
      expected: 'a name declared under systems, openapi or mcp_servers',
      found: '"zzz"',
      hint: 'declared: flowhub, github',
    });
  });

  it('checks surface, max_tools, read_only and the glob lists', () => {
    const text = yaml(
      ...owners,
      'default_view: { surface: facades }',
      'views:',
      '  ops: { max_tools: 0, read_only: maybe, include: x, tag: [a] }',
    );
    expect(issueLines(text)).toEqual([
      '5:26 default_view.surface: expected one of tools, facade, router, search, found "facades" — did you mean "facade"?',
      '7:21 views.ops.max_tools: expected a number >= 1, found 0',
      '7:35 views.ops.read_only: expected true or false, found "maybe"',
      '7:51 views.ops.include: expected a list, found "x"',
      '7:54 views.ops.tag: unknown key "tag" — did you mean "tags"?',
    ]);
  });
});
