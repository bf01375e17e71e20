import { describe, expect, it } from 'vitest';
import { buildView, routeCall } from '../../../src/catalog/index.js';
import {
  buildSearchSurface,
  buildSurface,
  buildToolsSurface,
  makeNamesUnique,
  sanitizeSurfaceName,
} from '../../../src/catalog/surfaces/index.js';
import { mcpTool, names, OPTS, params, READ, WRITE } from './helpers.js';

describe('tools surface', () => {
  it('publishes each catalogue tool as is, routed directly', () => {
    const out = { type: 'object', properties: { id: { type: 'string' } } };
    const tool = mcpTool('s.get', {
      title: 'Get',
      description: 'Gets.',
      inputSchema: params('id!'),
      outputSchema: out,
    });
    const [p] = buildToolsSurface([tool]).tools;
    expect(p).toEqual({
      name: 's.get',
      title: 'Get',
      description: 'Gets.',
      inputSchema: params('id!'),
      outputSchema: out,
      annotations: READ,
      route: { kind: 'direct', tool },
    });
  });

  it('leaves title and output schema out when the tool has none', () => {
    const [p] = buildToolsSurface([mcpTool('s.t')]).tools;
    expect(Object.keys(p!)).toEqual(['name', 'description', 'inputSchema', 'annotations', 'route']);
  });
});

describe('search surface', () => {
  const tools = [mcpTool('a.read'), mcpTool('b.delete', { annotations: { ...WRITE, destructive: true } })];
  const [search, call] = buildSearchSurface(tools).tools;

  it('publishes exactly search_tools and call_tool', () => {
    expect(names(buildSurface('search', tools, OPTS).tools)).toEqual(['search_tools', 'call_tool']);
    expect(search!.route).toEqual({ kind: 'search' });
    expect(call!.route).toEqual({ kind: 'call_tool' });
  });

  it('takes a required query and a limit of 1-50 defaulting to 10', () => {
    expect(search!.inputSchema).toEqual({
      type: 'object',
      properties: {
        query: { type: 'string', minLength: 1, description: 'What you want to do, in plain words.' },
        limit: {
          type: 'integer',
          minimum: 1,
          maximum: 50,
          default: 10,
          description: 'How many matches to return (1-50, default 10).',
        },
      },
      required: ['query'],
      additionalProperties: false,
    });
  });

  it('takes a required name and an arguments object defaulting to {}', () => {
    const schema = call!.inputSchema;
    expect(schema.required).toEqual(['name']);
    expect(schema.additionalProperties).toBe(false);
    expect(schema.properties).toMatchObject({
      name: { type: 'string' },
      arguments: { type: 'object', default: {} },
    });
  });

  it('explains the workflow: search first, then call_tool with the exact name and matching arguments', () => {
    expect(search!.description).toContain("this server's 2 tools from a, b");
    expect(search!.description).toContain('Then run one with call_tool, passing that exact name');
    expect(call!.description).toContain('Call search_tools first');
    expect(call!.description).toContain('arguments", an object that matches that tool\'s input schema');
  });

  it('marks search_tools read-only and call_tool not, destructive when a tool is', () => {
    expect(search!.annotations).toEqual({
      readOnly: true,
      destructive: false,
      idempotent: true,
      openWorld: false,
    });
    expect(call!.annotations).toEqual({
      readOnly: false,
      destructive: true,
      idempotent: false,
      openWorld: true,
    });
    expect(buildSearchSurface([mcpTool('a.read')]).tools[1]!.annotations.destructive).toBe(false);
  });

  it('declares the structured result of search_tools', () => {
    expect(search!.outputSchema).toMatchObject({ required: ['tools'] });
  });
});

describe('routeCall', () => {
  const a = mcpTool('s.a', { group: 'g', inputSchema: params('x') });
  const b = mcpTool('s.b', { group: 'g', inputSchema: params('y') });

  it('routes a direct tool with its arguments untouched', () => {
    const [p] = buildToolsSurface([a]).tools;
    expect(routeCall(p!, { x: 1, other: 2 })).toEqual({ ok: true, tool: a, args: { x: 1, other: 2 } });
  });

  it('routes a facade tool by operation', () => {
    const view = buildView(
      [a, b],
      { name: 'f', surface: 'facade', include: [], exclude: [], systems: [], tags: [] },
      OPTS,
    );
    expect(routeCall(view.byName.get('s_g')!, { operation: 'b', y: 'v' })).toEqual({
      ok: true,
      tool: b,
      args: { y: 'v' },
    });
    expect(routeCall(view.byName.get('s_g')!, {})).toMatchObject({ ok: false });
  });

  it('routes a router tool by provider', () => {
    const c = mcpTool('t.a', { baseName: 'a', inputSchema: params('x') });
    const [p] = buildSurface('router', [a, c], OPTS).tools;
    expect(routeCall(p!, { provider: 't', x: 1 })).toEqual({ ok: true, tool: c, args: { x: 1 } });
  });

  it('does not route search_tools or call_tool', () => {
    const [search, call] = buildSearchSurface([a]).tools;
    expect(routeCall(search!, { query: 'x' })).toEqual({
      ok: false,
      message: '"search_tools" is served by the gateway\'s search, not routed to one catalogue tool.',
    });
    expect(routeCall(call!, { name: 's.a' })).toMatchObject({ ok: false });
  });
});

describe('published names', () => {
  it('sanitizes to A-Z a-z 0-9 _ - (and . when allowed)', () => {
    expect(sanitizeSurfaceName('flow hub/runs.v2')).toBe('flow_hub_runs_v2');
    expect(sanitizeSurfaceName('account.get-by_id', true)).toBe('account.get-by_id');
    expect(sanitizeSurfaceName('')).toBe('_');
  });

  it('renames later duplicates with a numeric suffix and a warning', () => {
    const tools = buildToolsSurface([mcpTool('x'), mcpTool('x'), mcpTool('x_2'), mcpTool('x')]).tools;
    const warnings: string[] = [];
    makeNamesUnique(tools, warnings);
    expect(names(tools)).toEqual(['x', 'x_3', 'x_2', 'x_4']);
    expect(warnings).toEqual([
      'published tool name "x" is used twice; the second one is published as "x_3".',
      'published tool name "x" is used twice; the second one is published as "x_4".',
    ]);
  });
});
