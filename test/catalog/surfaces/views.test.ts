import { describe, expect, it } from 'vitest';
import {
  buildView,
  buildViews,
  selectTools,
  type ViewSelection,
  type ViewSpec,
  viewSpecFromConfig,
} from '../../../src/catalog/index.js';
import { isPorticoError } from '../../../src/errors/index.js';
import { DEFAULT_VIEW, type ViewConfig } from '../../../src/spec/index.js';
import { mcpTool, names, OPTS, params, WRITE } from './helpers.js';

const TOOLS = [
  mcpTool('billing.get_invoice', { tags: ['invoices'] }),
  mcpTool('billing.delete_invoice', { tags: ['invoices'], annotations: { ...WRITE, destructive: true } }),
  mcpTool('flowhub.list_flows', { tags: ['flows'] }),
  mcpTool('flowhub.trigger_sync', { tags: ['flows', 'runs'], annotations: WRITE }),
  mcpTool('github.search_issues'),
];

const ALL: ViewSelection = { include: [], exclude: [], systems: [], tags: [] };

function spec(extra: Partial<ViewSpec> = {}): ViewSpec {
  return { name: 'v', surface: 'tools', ...ALL, ...extra };
}

function viewConfig(extra: Partial<ViewConfig> = {}): ViewConfig {
  return {
    name: 'v',
    include: ['*'],
    exclude: [],
    systems: [],
    tags: [],
    surface: 'tools',
    source: { file: '/cfg/portico.yaml', line: 30 },
    ...extra,
  };
}

describe('selectTools', () => {
  it('keeps every tool, in input order, when no rule is given', () => {
    expect(names(selectTools(TOOLS, ALL))).toEqual(names(TOOLS));
  });

  it('includes by name glob, where * also spans dots', () => {
    expect(names(selectTools(TOOLS, { ...ALL, include: ['billing.*'] }))).toEqual([
      'billing.get_invoice',
      'billing.delete_invoice',
    ]);
    expect(names(selectTools(TOOLS, { ...ALL, include: ['*_invoice', '*.list_*'] }))).toEqual([
      'billing.get_invoice',
      'billing.delete_invoice',
      'flowhub.list_flows',
    ]);
    expect(names(selectTools(TOOLS, { ...ALL, include: ['*'] }))).toEqual(names(TOOLS));
  });

  it('treats dots and other characters in a glob literally and ? as one character', () => {
    expect(names(selectTools(TOOLS, { ...ALL, include: ['billing?get_invoice'] }))).toEqual([
      'billing.get_invoice',
    ]);
    expect(selectTools([mcpTool('billingXget')], { ...ALL, include: ['billing.get'] })).toEqual([]);
  });

  it('lets exclude win over include', () => {
    const sel = { ...ALL, include: ['billing.*'], exclude: ['*delete*'] };
    expect(names(selectTools(TOOLS, sel))).toEqual(['billing.get_invoice']);
  });

  it('selects by owning system', () => {
    expect(names(selectTools(TOOLS, { ...ALL, systems: ['flowhub', 'github'] }))).toEqual([
      'flowhub.list_flows',
      'flowhub.trigger_sync',
      'github.search_issues',
    ]);
  });

  it('selects tools carrying any of the tags', () => {
    expect(names(selectTools(TOOLS, { ...ALL, tags: ['runs', 'invoices'] }))).toEqual([
      'billing.get_invoice',
      'billing.delete_invoice',
      'flowhub.trigger_sync',
    ]);
  });

  it('selects read-only tools, or only the others', () => {
    expect(names(selectTools(TOOLS, { ...ALL, readOnly: true }))).toEqual([
      'billing.get_invoice',
      'flowhub.list_flows',
      'github.search_issues',
    ]);
    expect(names(selectTools(TOOLS, { ...ALL, readOnly: false }))).toEqual([
      'billing.delete_invoice',
      'flowhub.trigger_sync',
    ]);
  });

  it('requires every given rule to match', () => {
    const sel = { ...ALL, systems: ['flowhub', 'billing'], tags: ['flows', 'invoices'], readOnly: true };
    expect(names(selectTools(TOOLS, { ...sel, include: ['*get*', '*list*'] }))).toEqual([
      'billing.get_invoice',
      'flowhub.list_flows',
    ]);
  });
});

describe('viewSpecFromConfig', () => {
  it('copies the selection and surface, dropping the source and unset options', () => {
    const s = viewSpecFromConfig(viewConfig({ name: 'ops', surface: 'facade', systems: ['flowhub'] }));
    expect(s).toEqual({
      name: 'ops',
      surface: 'facade',
      include: ['*'],
      exclude: [],
      systems: ['flowhub'],
      tags: [],
    });
  });

  it('keeps description, read_only and max_tools', () => {
    const s = viewSpecFromConfig(viewConfig({ description: 'Reads', readOnly: false, maxTools: 3 }));
    expect(s).toMatchObject({ description: 'Reads', readOnly: false, maxTools: 3 });
  });
});

describe('buildView', () => {
  it('publishes the selected tools sorted by name, indexed by name', () => {
    const view = buildView([...TOOLS].reverse(), spec({ systems: ['flowhub', 'billing'] }), OPTS);
    expect(names(view.tools)).toEqual([
      'billing.delete_invoice',
      'billing.get_invoice',
      'flowhub.list_flows',
      'flowhub.trigger_sync',
    ]);
    expect([...view.byName.keys()]).toEqual(names(view.tools));
    expect(view.byName.get('flowhub.list_flows')?.route).toEqual({ kind: 'direct', tool: TOOLS[2] });
    expect(names(view.catalogTools)).toEqual(names(view.tools));
    expect(view.warnings).toEqual([]);
    expect(view.spec.name).toBe('v');
  });

  it('keeps the first max_tools names and warns with the names left out', () => {
    const view = buildView(TOOLS, spec({ name: 'small', maxTools: 2 }), OPTS);
    expect(names(view.tools)).toEqual(['billing.delete_invoice', 'billing.get_invoice']);
    expect(names(view.catalogTools)).toEqual(['billing.delete_invoice', 'billing.get_invoice']);
    expect(view.byName.has('flowhub.list_flows')).toBe(false);
    expect(view.warnings).toEqual([
      'view "small": max_tools 2 publishes 2 of 5 tools; left out: flowhub.list_flows, flowhub.trigger_sync, ' +
        'github.search_issues. Raise max_tools or narrow the selection (include, exclude, systems, tags).',
    ]);
  });

  it('does not warn when max_tools is not exceeded', () => {
    expect(buildView(TOOLS, spec({ maxTools: 5 }), OPTS).warnings).toEqual([]);
  });

  it('lists at most 50 left-out names', () => {
    const many = Array.from({ length: 60 }, (_, i) => mcpTool(`t${String(i).padStart(2, '0')}`));
    const view = buildView(many, spec({ maxTools: 1 }), OPTS);
    expect(view.warnings[0]).toContain('left out: t01, t02,');
    expect(view.warnings[0]).toContain('t50, … and 9 more.');
    expect(view.warnings[0]).not.toContain('t51');
  });

  it('applies max_tools to the published tools of a facade', () => {
    const tools = [mcpTool('a.x', { group: 'one' }), mcpTool('a.y', { group: 'one' }), mcpTool('b.z')];
    const view = buildView(tools, spec({ surface: 'facade', maxTools: 1 }), OPTS);
    expect(names(view.tools)).toEqual(['a_one']);
    expect(names(view.catalogTools)).toEqual(['a.x', 'a.y']);
    expect(view.warnings[0]).toContain('left out: b.');
  });

  it('caps every published description with an ellipsis', () => {
    const long = 'x'.repeat(50);
    const view = buildView([mcpTool('a.t', { description: long })], spec(), {
      ...OPTS,
      descriptionMaxLength: 20,
    });
    expect(view.tools[0]!.description).toBe(`${'x'.repeat(19)}…`);
    expect(view.tools[0]!.description).toHaveLength(20);
    // The catalogue tool itself keeps its full description.
    expect((view.tools[0]!.route as { tool: { description: string } }).tool.description).toBe(long);
  });

  it('caps facade descriptions too', () => {
    const tools = ['a', 'b', 'c'].map((n) => mcpTool(`s.${n}`, { description: 'y'.repeat(100) }));
    const view = buildView(tools, spec({ surface: 'facade' }), { ...OPTS, descriptionMaxLength: 80 });
    expect(view.tools[0]!.description).toHaveLength(80);
    expect(view.tools[0]!.description.endsWith('…')).toBe(true);
  });

  it('keeps every selected tool searchable on the search surface', () => {
    const view = buildView(TOOLS, spec({ surface: 'search', readOnly: true }), OPTS);
    expect(names(view.tools)).toEqual(['call_tool', 'search_tools']);
    expect(names(view.catalogTools)).toEqual([
      'billing.get_invoice',
      'flowhub.list_flows',
      'github.search_issues',
    ]);
  });

  it('warns when the view selects nothing', () => {
    const view = buildView(TOOLS, spec({ name: 'empty', systems: ['nope'] }), OPTS);
    expect(view.tools).toEqual([]);
    expect(view.warnings).toEqual([
      'view "empty" selects none of the 5 catalogue tools; check its include, exclude, systems, tags and read_only.',
    ]);
  });

  it('prefixes surface warnings with the view name', () => {
    const odd = mcpTool('s.odd', { inputSchema: { type: 'object', oneOf: [params('a!'), params('b!')] } });
    const view = buildView([odd, mcpTool('s.ok')], spec({ name: 'f', surface: 'facade' }), OPTS);
    expect(view.warnings).toEqual([
      'view "f": tool "s.odd" cannot join facade "s" (its input schema uses "oneOf" at the root); published as is.',
    ]);
  });

  it('renames a published name that clashes, with a warning', () => {
    // The facade of system "a.b" (sanitized "a_b") meets a tool published as is under "a_b".
    const tools = [
      mcpTool('a_b', { owner: 'x', inputSchema: { type: 'object', anyOf: [] } }),
      mcpTool('a.b.t', { owner: 'a.b', baseName: 't' }),
    ];
    const view = buildView(tools, spec({ surface: 'facade' }), OPTS);
    expect(names(view.tools)).toEqual(['a_b', 'a_b_2']);
    expect(view.warnings).toContain(
      'view "v": published tool name "a_b" is used twice; the second one is published as "a_b_2".',
    );
  });
});

describe('buildViews', () => {
  it('builds the default view under "default" and each view under its name', () => {
    const views = buildViews(
      { tools: TOOLS },
      viewConfig({ name: 'whatever' }),
      [viewConfig({ name: 'readonly', readOnly: true }), viewConfig({ name: 'ops', surface: 'search' })],
      OPTS,
    );
    expect([...views.keys()]).toEqual([DEFAULT_VIEW, 'readonly', 'ops']);
    expect(views.get(DEFAULT_VIEW)!.spec.name).toBe(DEFAULT_VIEW);
    expect(views.get(DEFAULT_VIEW)!.tools).toHaveLength(5);
    expect(names(views.get('readonly')!.tools)).toEqual([
      'billing.get_invoice',
      'flowhub.list_flows',
      'github.search_issues',
    ]);
    expect(names(views.get('ops')!.tools)).toEqual(['call_tool', 'search_tools']);
  });

  it('rejects a view named like the default view', () => {
    let error: unknown;
    try {
      buildViews({ tools: TOOLS }, viewConfig(), [viewConfig({ name: DEFAULT_VIEW })], OPTS);
    } catch (err) {
      error = err;
    }
    expect(isPorticoError(error, 'config_invalid')).toBe(true);
    expect((error as Error).message).toBe(
      'View name "default" (/cfg/portico.yaml:30) is reserved for default_view; rename the view.',
    );
  });
});
