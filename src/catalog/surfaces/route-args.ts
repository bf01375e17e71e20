import type { RoutedCall } from '../surface-types.js';
import type { CatalogTool } from '../types.js';
import { describeToolParams, paramNames } from './params.js';

/** `"a", "b"` */
export function quoteList(names: readonly string[]): string {
  return names.map((n) => `"${n}"`).join(', ');
}

/**
 * Route to `tool` with the discriminator arguments removed, or reject arguments that are not
 * parameters of `tool` (`what` names the choice in the message, e.g. `operation "get_run"`).
 * Arguments whose value is `undefined` are ignored.
 */
export function routeTo(
  tool: CatalogTool,
  args: Record<string, unknown>,
  discriminators: readonly string[],
  what: string,
): RoutedCall {
  const own = new Set(paramNames(tool));
  const rest: Record<string, unknown> = {};
  const foreign: string[] = [];
  for (const [key, value] of Object.entries(args)) {
    if (discriminators.includes(key) || value === undefined) continue;
    if (own.has(key)) rest[key] = value;
    else foreign.push(key);
  }
  if (foreign.length > 0) {
    const noun = foreign.length === 1 ? 'argument' : 'arguments';
    const verb = foreign.length === 1 ? 'does' : 'do';
    return {
      ok: false,
      message:
        `${noun} ${quoteList(foreign)} ${verb} not belong to ${what}; its parameters are: ` +
        `${describeToolParams(tool)}.`,
    };
  }
  return { ok: true, tool, args: rest };
}
