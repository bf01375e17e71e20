import type { SurfaceKind } from '../../spec/index.js';
import type { PublishedTool } from '../surface-types.js';
import type { CatalogTool } from '../types.js';
import { buildFacadeSurface } from './facade.js';
import type { SurfaceOptions, SurfaceResult } from './options.js';
import { buildRouterSurface } from './router.js';
import { buildSearchSurface } from './search.js';
import { buildToolsSurface } from './tools.js';

/**
 * Publish `tools` (sorted by name) as the given surface. Names are not yet checked for clashes
 * and descriptions not yet capped: `buildView` does both.
 */
export function buildSurface(
  kind: SurfaceKind,
  tools: readonly CatalogTool[],
  opts: SurfaceOptions,
): SurfaceResult {
  switch (kind) {
    case 'tools':
      return buildToolsSurface(tools);
    case 'facade':
      return buildFacadeSurface(tools);
    case 'router':
      return buildRouterSurface(tools, opts);
    case 'search':
      return buildSearchSurface(tools);
  }
}

/** The catalogue tools a published tool can run (none for `search_tools`/`call_tool`). */
export function routedTools(published: PublishedTool): CatalogTool[] {
  const route = published.route;
  switch (route.kind) {
    case 'direct':
      return [route.tool];
    case 'facade':
      return [...route.operations.values()];
    case 'router':
      return route.branches.map((b) => b.tool);
    default:
      return [];
  }
}
