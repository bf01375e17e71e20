import { DEFAULT_VIEW } from '../spec/index.js';
import { suggestionSuffix } from '../suggest/index.js';
import type { PathSegment } from './locate.js';
import { asMap, type SemanticContext } from './semantic-context.js';

const VIEW_NAME = /^[a-z0-9_-]{1,64}$/;
/** `GET /mcp/tools/list` is the REST discovery endpoint. */
const RESERVED = 'tools';

/**
 * Checks of `default_view` and `views`: view names (they are URL paths, `/mcp/{name}`; `tools` and
 * `default` are reserved) and `systems` entries naming declared systems, openapi entries or
 * mcp_servers (`owners`).
 */
export function checkViews(
  ctx: SemanticContext,
  root: Record<string, unknown>,
  owners: readonly string[],
): void {
  checkSystems(ctx, ['default_view'], asMap(root.default_view), owners);
  for (const [name, value] of Object.entries(asMap(root.views) ?? {})) {
    const path = ['views', name];
    checkViewName(ctx, path, name);
    checkSystems(ctx, path, asMap(value), owners);
  }
}

function checkViewName(ctx: SemanticContext, path: PathSegment[], name: string): void {
  if (name === RESERVED) {
    ctx.report(
      path,
      'key',
      `view name "${RESERVED}" is reserved (GET /mcp/tools/list is the REST discovery endpoint)`,
      {
        hint: 'rename the view',
      },
    );
  } else if (name === DEFAULT_VIEW) {
    ctx.report(path, 'key', `view name "${DEFAULT_VIEW}" is reserved for the view served at /mcp`, {
      hint: 'configure that view under default_view, or rename this one',
    });
  } else if (!VIEW_NAME.test(name)) {
    const expected = '1 to 64 lowercase letters, digits, "_" or "-"';
    const found = JSON.stringify(name);
    ctx.report(path, 'key', `invalid view name ${found}: expected ${expected}`, {
      expected,
      found,
      hint: 'the view is served at /mcp/{name}; rename it, e.g. read-only',
    });
  }
}

function checkSystems(
  ctx: SemanticContext,
  path: PathSegment[],
  view: Record<string, unknown> | undefined,
  owners: readonly string[],
): void {
  if (!view || !Array.isArray(view.systems)) return;
  view.systems.forEach((entry, i) => {
    if (typeof entry !== 'string' || owners.includes(entry)) return;
    const at = [...path, 'systems', i];
    const found = ctx.found(at);
    const suffix = found.includes('${') ? '' : suggestionSuffix(entry, owners);
    ctx.report(at, 'value', `unknown system ${found}${suffix}`, {
      expected: 'a name declared under systems, openapi or mcp_servers',
      found,
      hint:
        owners.length > 0
          ? `declared: ${owners.join(', ')}`
          : 'declare systems, openapi entries or mcp_servers first',
    });
  });
}
