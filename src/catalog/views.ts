import { PorticoError } from '../errors/index.js';
import { DEFAULT_VIEW, type ViewConfig } from '../spec/index.js';
import { capDescription } from './description.js';
import { globToRegExp } from './glob.js';
import { formatSource } from './source.js';
import type { PublishedTool, PublishedView, ViewSelection, ViewSpec } from './surface-types.js';
import { buildSurface, routedTools } from './surfaces/build.js';
import { makeNamesUnique } from './surfaces/names.js';
import type { SurfaceOptions } from './surfaces/options.js';
import type { CatalogTool } from './types.js';

/** How many left-out names a `max_tools` warning lists. */
const LEFT_OUT_SHOWN = 50;

function byName<T extends { name: string }>(a: T, b: T): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/**
 * A matcher for tool-name globs: `*` matches any run of characters (dots included, tool names
 * have no slashes), `?` one character, anything else literally.
 */
export function nameGlobMatcher(globs: readonly string[]): (name: string) => boolean {
  const res = globs.map(globToRegExp);
  return (name) => res.some((re) => re.test(name));
}

/**
 * The catalogue tools a selection keeps, in input order: name matches an `include` glob (any when
 * empty) and no `exclude` glob, owner in `systems`, a tag in `tags`, and read-only as asked.
 */
export function selectTools(tools: readonly CatalogTool[], sel: ViewSelection): CatalogTool[] {
  const included = sel.include.length === 0 ? () => true : nameGlobMatcher(sel.include);
  const excluded = nameGlobMatcher(sel.exclude);
  const systems = new Set(sel.systems);
  const tags = new Set(sel.tags);
  return tools.filter(
    (t) =>
      included(t.name) &&
      !excluded(t.name) &&
      (systems.size === 0 || systems.has(t.owner)) &&
      (tags.size === 0 || t.tags.some((tag) => tags.has(tag))) &&
      (sel.readOnly === undefined || t.annotations.readOnly === sel.readOnly),
  );
}

/** The view spec of a configured view (its source location dropped). */
export function viewSpecFromConfig(v: ViewConfig): ViewSpec {
  const spec: ViewSpec = {
    name: v.name,
    surface: v.surface,
    include: [...v.include],
    exclude: [...v.exclude],
    systems: [...v.systems],
    tags: [...v.tags],
  };
  if (v.description !== undefined) spec.description = v.description;
  if (v.readOnly !== undefined) spec.readOnly = v.readOnly;
  if (v.maxTools !== undefined) spec.maxTools = v.maxTools;
  return spec;
}

function capTools(
  view: string,
  tools: PublishedTool[],
  max: number | undefined,
  warnings: string[],
): PublishedTool[] {
  if (max === undefined || tools.length <= max) return tools;
  const left = tools.slice(max).map((t) => t.name);
  const shown = left.slice(0, LEFT_OUT_SHOWN).join(', ');
  const more = left.length > LEFT_OUT_SHOWN ? `, … and ${left.length - LEFT_OUT_SHOWN} more` : '';
  warnings.push(
    `view "${view}": max_tools ${max} publishes ${max} of ${tools.length} tools; left out: ${shown}${more}. ` +
      'Raise max_tools or narrow the selection (include, exclude, systems, tags).',
  );
  return tools.slice(0, max);
}

/**
 * Build one view: select its tools, publish them as its surface, make names unique, cap
 * descriptions, sort by name and apply `maxTools` (the first N by name are kept; a warning lists
 * the rest). Pure.
 */
export function buildView(
  tools: readonly CatalogTool[],
  spec: ViewSpec,
  opts: SurfaceOptions,
): PublishedView {
  const selected = selectTools(tools, spec).sort(byName);
  const warnings: string[] = [];
  if (selected.length === 0 && tools.length > 0) {
    warnings.push(
      `view "${spec.name}" selects none of the ${tools.length} catalogue tools; check its include, exclude, ` +
        'systems, tags and read_only.',
    );
  }
  const surface = buildSurface(spec.surface, selected, opts);
  warnings.push(...surface.warnings.map((w) => `view "${spec.name}": ${w}`));
  const published = surface.tools;
  const renames: string[] = [];
  makeNamesUnique(published, renames);
  warnings.push(...renames.map((w) => `view "${spec.name}": ${w}`));
  for (const t of published) t.description = capDescription(t.description, opts.descriptionMaxLength);
  published.sort(byName);
  const kept = capTools(spec.name, published, spec.maxTools, warnings);
  const catalogTools =
    spec.surface === 'search' ? selected : [...new Set(kept.flatMap(routedTools))].sort(byName);
  return { spec, tools: kept, byName: new Map(kept.map((t) => [t.name, t])), catalogTools, warnings };
}

/**
 * Build every view of the catalogue: `defaultView` under {@link DEFAULT_VIEW} (served at `/mcp`)
 * and each of `views` under its name. Throws `config_invalid` for a view named like the default.
 */
export function buildViews(
  catalog: { tools: readonly CatalogTool[] },
  defaultView: ViewConfig,
  views: readonly ViewConfig[],
  opts: SurfaceOptions,
): Map<string, PublishedView> {
  const out = new Map<string, PublishedView>();
  out.set(
    DEFAULT_VIEW,
    buildView(catalog.tools, { ...viewSpecFromConfig(defaultView), name: DEFAULT_VIEW }, opts),
  );
  for (const v of views) {
    if (out.has(v.name)) {
      const why = v.name === DEFAULT_VIEW ? 'is reserved for default_view' : 'is declared twice';
      throw new PorticoError(
        'config_invalid',
        `View name "${v.name}" (${formatSource(v.source)}) ${why}; rename the view.`,
        { view: v.name },
      );
    }
    out.set(v.name, buildView(catalog.tools, viewSpecFromConfig(v), opts));
  }
  return out;
}
