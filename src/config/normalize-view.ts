import type { SourceLocation, ViewConfig } from '../spec/index.js';
import { CONFIG_DEFAULTS as D } from './defaults.js';
import { optional } from './optional.js';
import type { YamlView } from './schema.js';

/** A validated view (`views.<name>` or `default_view`) with its defaults: all tools, `tools` surface. */
export function normalizeView(
  name: string,
  y: YamlView | null | undefined,
  source: SourceLocation,
): ViewConfig {
  return {
    name,
    ...optional('description', y?.description ?? undefined),
    include: [...(y?.include ?? D.viewInclude)],
    exclude: [...(y?.exclude ?? [])],
    systems: [...(y?.systems ?? [])],
    tags: [...(y?.tags ?? [])],
    ...optional('readOnly', y?.read_only),
    surface: y?.surface ?? D.viewSurface,
    ...optional('maxTools', y?.max_tools),
    source,
  };
}
