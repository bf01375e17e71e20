import { closeMatches, didYouMeanAny } from '../../suggest/index.js';
import type { RoutedCall, ToolRoute } from '../surface-types.js';
import { OPERATION_ARG } from './facade.js';
import { routeTo } from './route-args.js';

/** A facade tool's route. */
export type FacadeRoute = Extract<ToolRoute, { kind: 'facade' }>;

/**
 * Route a facade call: `operation` picks the catalogue tool and the remaining arguments must be
 * that operation's parameters (the gateway then validates them against its schema). Rejects a
 * missing or unknown operation (naming the valid ones, with a suggestion) and foreign arguments.
 */
export function routeFacade(route: FacadeRoute, args: Record<string, unknown>): RoutedCall {
  const keys = [...route.operations.keys()];
  const valid = keys.join(', ');
  const operation = args[OPERATION_ARG];
  if (operation === undefined || operation === null || operation === '') {
    return { ok: false, message: `missing "${OPERATION_ARG}": set it to one of: ${valid}.` };
  }
  if (typeof operation !== 'string') {
    return {
      ok: false,
      message: `"${OPERATION_ARG}" must be a string, one of: ${valid} (got ${JSON.stringify(operation)}).`,
    };
  }
  const tool = route.operations.get(operation);
  if (tool === undefined) {
    return {
      ok: false,
      message:
        `unknown operation "${operation}" — valid operations: ${valid}.` +
        didYouMeanAny(closeMatches(operation, keys)),
    };
  }
  return routeTo(tool, args, [OPERATION_ARG], `operation "${operation}"`);
}
