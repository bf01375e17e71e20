import { describe, expect, it } from 'vitest';
import type { PublishedTool } from '../../../src/catalog/index.js';
import { buildFacadeSurface, type FacadeRoute, routeFacade } from '../../../src/catalog/surfaces/index.js';
import { mcpTool, names, params, READ, WRITE } from './helpers.js';

const getRun = mcpTool('flowhub.get_run', {
  group: 'runs',
  description: 'Get run details\n\nOne run: flow, status and timing.',
  inputSchema: {
    type: 'object',
    properties: { run_id: { type: 'string', description: 'Run id.' } },
    required: ['run_id'],
    additionalProperties: false,
  },
});
const getRunErrors = mcpTool('flowhub.get_run_errors', {
  group: 'runs',
  description: "List a run's per-record errors",
  inputSchema: {
    type: 'object',
    properties: {
      run_id: { type: 'string', description: 'Run id.' },
      limit: { type: 'integer', minimum: 1, maximum: 500, description: 'Max errors.' },
    },
    required: ['run_id'],
    additionalProperties: false,
  },
});
const listRuns = mcpTool('flowhub.list_runs', {
  group: 'runs',
  description: 'List runs across flows',
  inputSchema: {
    type: 'object',
    properties: {
      flow: { type: 'string' },
      limit: { type: 'integer', minimum: 1, maximum: 200, description: 'Max runs.' },
    },
    additionalProperties: false,
  },
});
const health = mcpTool('flowhub.get_system_health', { group: 'health' });
const ungrouped = mcpTool('flowhub.ping');

function facade(tools = [getRun, getRunErrors, listRuns]): PublishedTool {
  const out = buildFacadeSurface(tools);
  expect(out.warnings).toEqual([]);
  return out.tools[0]!;
}

function route(p: PublishedTool): FacadeRoute {
  if (p.route.kind !== 'facade') throw new Error(`not a facade: ${p.route.kind}`);
  return p.route;
}

describe('facade surface', () => {
  it('publishes one tool per area: <owner>_<group>, or <owner> without a group', () => {
    const out = buildFacadeSurface([getRun, health, getRunErrors, ungrouped]);
    expect(names(out.tools)).toEqual(['flowhub_runs', 'flowhub_health', 'flowhub']);
    expect([...route(out.tools[0]!).operations.keys()]).toEqual(['get_run', 'get_run_errors']);
    expect(out.tools[0]!.title).toBe('flowhub runs');
    expect(out.tools[2]!.title).toBe('flowhub');
  });

  it('keeps areas of different owners apart even with the same group', () => {
    const out = buildFacadeSurface([getRun, mcpTool('jobs.get_run', { group: 'runs' })]);
    expect(names(out.tools)).toEqual(['flowhub_runs', 'jobs_runs']);
  });

  it('sanitizes the name to A-Z a-z 0-9 _ -', () => {
    const out = buildFacadeSurface([mcpTool('t', { owner: 'entra.cont', group: 'user accounts/v2' })]);
    expect(names(out.tools)).toEqual(['entra_cont_user_accounts_v2']);
  });

  it('requires "operation", an enum of the operation keys, and puts the parameters flat next to it', () => {
    const schema = facade().inputSchema;
    expect(Object.keys(schema)).toEqual(['type', 'properties', 'required', 'additionalProperties']);
    expect(schema.type).toBe('object');
    expect(schema.required).toEqual(['operation']);
    expect(schema.additionalProperties).toBe(false);
    const props = schema.properties as Record<string, Record<string, unknown>>;
    expect(Object.keys(props)).toEqual(['operation', 'run_id', 'limit', 'flow']);
    expect(props.operation).toMatchObject({
      type: 'string',
      enum: ['get_run', 'get_run_errors', 'list_runs'],
    });
    expect(props.run_id).toEqual({ type: 'string', description: 'Run id.' });
    expect(props.flow).toEqual({ type: 'string' });
  });

  it('merges a parameter declared with different schemas into anyOf, described per operation', () => {
    const props = facade().inputSchema.properties as Record<string, Record<string, unknown>>;
    expect(props.limit).toEqual({
      anyOf: [
        { type: 'integer', minimum: 1, maximum: 500, description: 'Max errors.' },
        { type: 'integer', minimum: 1, maximum: 200, description: 'Max runs.' },
      ],
      description: 'Differs by operation — get_run_errors: Max errors; list_runs: Max runs.',
    });
  });

  it('describes each operation on its own line with its parameters, required ones marked', () => {
    expect(facade().description).toBe(
      [
        'flowhub runs: 3 operations. Set "operation" to one of them and pass that operation\'s parameters next to it.',
        '- get_run: Get run details. Parameters: run_id (required).',
        "- get_run_errors: List a run's per-record errors. Parameters: run_id (required), limit.",
        '- list_runs: List runs across flows. Parameters: flow, limit.',
      ].join('\n'),
    );
  });

  it('says "none" for an operation without parameters and keeps a long summary to one sentence', () => {
    const long = `${'Checks everything. '.repeat(3)}${'word '.repeat(40)}`;
    const p = facade([mcpTool('s.check', { description: long })]);
    expect(p.description.split('\n')[1]).toBe('- check: Checks everything. Parameters: none.');
    expect(p.description.split('\n')[0]).toBe(
      's: 1 operation. Set "operation" to "check" and pass its parameters next to it.',
    );
  });

  it('keys operations by base name, or by full name where base names clash', () => {
    const a = mcpTool('x.cont.get', { owner: 'x', baseName: 'get', group: 'g' });
    const b = mcpTool('x.av.get', { owner: 'x', baseName: 'get', group: 'g' });
    const c = mcpTool('x.list', { owner: 'x', group: 'g' });
    const r = route(facade([b, a, c]));
    expect([...r.operations.keys()]).toEqual(['list', 'x.av.get', 'x.cont.get']);
    expect(r.operations.get('x.cont.get')).toBe(a);
  });

  it('combines annotations: read-only/idempotent if all, destructive/open-world if any', () => {
    expect(facade().annotations).toEqual(READ);
    const del = mcpTool('s.del', { annotations: { ...WRITE, destructive: true, idempotent: true } });
    const open = mcpTool('s.fetch', { annotations: { ...READ, openWorld: true } });
    expect(facade([del, open]).annotations).toEqual({
      readOnly: false,
      destructive: true,
      idempotent: true,
      openWorld: true,
    });
  });

  it('keeps an output schema only when every operation declares the same one', () => {
    const out = { type: 'object', properties: { ok: { type: 'boolean' } } };
    const a = mcpTool('s.a', { outputSchema: out });
    expect(facade([a, mcpTool('s.b', { outputSchema: { ...out } })]).outputSchema).toEqual(out);
    expect(facade([a, mcpTool('s.b')]).outputSchema).toBeUndefined();
  });

  it('publishes as is, with a warning, a tool whose schema cannot be flattened', () => {
    const odd = mcpTool('s.odd', { inputSchema: { type: 'object', oneOf: [params('a!'), params('b!')] } });
    const out = buildFacadeSurface([odd, mcpTool('s.ok')]);
    expect(names(out.tools)).toEqual(['s', 's.odd']);
    expect(out.tools[1]!.route).toEqual({ kind: 'direct', tool: odd });
    expect(out.warnings).toEqual([
      'tool "s.odd" cannot join facade "s" (its input schema uses "oneOf" at the root); published as is.',
    ]);
  });

  it('publishes as is a tool with its own "operation" parameter', () => {
    const out = buildFacadeSurface([mcpTool('s.op', { inputSchema: params('operation') })]);
    expect(names(out.tools)).toEqual(['s.op']);
    expect(out.warnings[0]).toContain('(it has its own "operation" parameter)');
  });

  it('publishes as is a tool whose input schema is not an object', () => {
    const out = buildFacadeSurface([mcpTool('s.n', { inputSchema: { type: 'string' } })]);
    expect(out.warnings[0]).toContain('(its input schema is not an object schema (type "string"))');
  });

  it('hoists $defs to the facade root and rejects a conflicting definition', () => {
    const ref = (def: object) => ({
      type: 'object',
      properties: { item: { $ref: '#/$defs/Item' } },
      $defs: { Item: def },
    });
    const a = mcpTool('s.a', { inputSchema: ref({ type: 'string' }) });
    const b = mcpTool('s.b', { inputSchema: ref({ type: 'string' }) });
    const c = mcpTool('s.c', { inputSchema: ref({ type: 'number' }) });
    const out = buildFacadeSurface([a, b, c]);
    expect(out.tools[0]!.inputSchema.$defs).toEqual({ Item: { type: 'string' } });
    expect([...route(out.tools[0]!).operations.keys()]).toEqual(['a', 'b']);
    expect(names(out.tools)).toEqual(['s', 's.c']);
    expect(out.warnings[0]).toContain(
      '(its schema definition "$defs/Item" differs from another operation\'s)',
    );
  });
});

describe('routeFacade', () => {
  const r = route(facade());

  it('routes to the chosen operation without the "operation" argument', () => {
    expect(routeFacade(r, { operation: 'get_run_errors', run_id: 'r1', limit: 5 })).toEqual({
      ok: true,
      tool: getRunErrors,
      args: { run_id: 'r1', limit: 5 },
    });
  });

  it('leaves missing required arguments to the schema validation of the operation', () => {
    expect(routeFacade(r, { operation: 'get_run' })).toEqual({ ok: true, tool: getRun, args: {} });
  });

  it('ignores arguments whose value is undefined', () => {
    expect(routeFacade(r, { operation: 'get_run', run_id: 'r', flow: undefined })).toMatchObject({
      ok: true,
    });
  });

  it('rejects a missing operation, naming the valid ones', () => {
    expect(routeFacade(r, { run_id: 'r1' })).toEqual({
      ok: false,
      message: 'missing "operation": set it to one of: get_run, get_run_errors, list_runs.',
    });
  });

  it('rejects an operation that is not a string', () => {
    expect(routeFacade(r, { operation: 3 })).toEqual({
      ok: false,
      message: '"operation" must be a string, one of: get_run, get_run_errors, list_runs (got 3).',
    });
  });

  it('rejects an unknown operation, naming the valid ones and suggesting a close one', () => {
    expect(routeFacade(r, { operation: 'get_rnu' })).toEqual({
      ok: false,
      message:
        'unknown operation "get_rnu" — valid operations: get_run, get_run_errors, list_runs. Did you mean "get_run"?',
    });
    expect(routeFacade(r, { operation: 'zzz' })).toEqual({
      ok: false,
      message: 'unknown operation "zzz" — valid operations: get_run, get_run_errors, list_runs.',
    });
  });

  it("rejects arguments of other operations, naming the operation's own parameters", () => {
    expect(routeFacade(r, { operation: 'get_run', run_id: 'r', limit: 3 })).toEqual({
      ok: false,
      message:
        'argument "limit" does not belong to operation "get_run"; its parameters are: run_id (required).',
    });
    expect(routeFacade(r, { operation: 'list_runs', run_id: 'r', nope: 1 })).toEqual({
      ok: false,
      message:
        'arguments "run_id", "nope" do not belong to operation "list_runs"; its parameters are: flow, limit.',
    });
  });
});
