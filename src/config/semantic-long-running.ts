import { suggestionSuffix } from '../suggest/index.js';
import type { PathSegment } from './locate.js';
import { asMap, type SemanticContext } from './semantic-context.js';

/** The argument long-running tools get (see the catalogue's `wait`). */
const WAIT = 'wait';

/**
 * Checks of the `long_running` blocks of one YAML system: the status operation is an operation of
 * the same system and takes the status argument, and the long-running operation has no `wait`
 * argument of its own (the tool adds one).
 */
export function checkLongRunningOperations(
  ctx: SemanticContext,
  systemPath: PathSegment[],
  operations: Record<string, unknown>,
): void {
  const system = String(systemPath.at(-1));
  for (const [name, value] of Object.entries(operations)) {
    const op = asMap(value);
    const spec = asMap(op?.long_running);
    if (!op || !spec) continue;
    const path = [...systemPath, 'operations', name, 'long_running'];
    const args = asMap(op.arguments) ?? {};
    if (Object.hasOwn(args, WAIT)) {
      ctx.report(
        [...systemPath, 'operations', name, 'arguments', WAIT],
        'key',
        `argument "${WAIT}" clashes with the "${WAIT}" argument long_running adds`,
        {
          hint: `rename the argument; field: ${WAIT} keeps its name on the wire`,
        },
      );
    }
    if (typeof spec.status_operation !== 'string') continue;
    const statusPath = [...path, 'status_operation'];
    const status = asMap(operations[spec.status_operation]);
    if (!Object.hasOwn(operations, spec.status_operation) || !status) {
      const found = ctx.found(statusPath);
      const suffix = found.includes('${')
        ? ''
        : suggestionSuffix(spec.status_operation, Object.keys(operations));
      ctx.report(
        statusPath,
        'value',
        `status_operation ${found} is not an operation of system "${system}"${suffix}`,
        {
          expected: `an operation of system "${system}"`,
          found,
          hint: 'name the operation of this system that reports the state; it is called with the handle',
        },
      );
      continue;
    }
    checkStatusArgument(ctx, path, spec, spec.status_operation, Object.keys(asMap(status.arguments) ?? {}));
  }
}

function checkStatusArgument(
  ctx: SemanticContext,
  path: PathSegment[],
  spec: Record<string, unknown>,
  statusOperation: string,
  args: string[],
): void {
  const explicit = typeof spec.status_argument === 'string';
  const argument = explicit ? spec.status_argument : spec.handle_field;
  if (typeof argument !== 'string' || args.includes(argument)) return;
  const takes = args.length > 0 ? `its arguments: ${args.join(', ')}` : 'it has no arguments';
  const where = `operation "${statusOperation}" (${takes})`;
  if (explicit) {
    const found = ctx.found([...path, 'status_argument']);
    const suffix = found.includes('${') ? '' : suggestionSuffix(argument, args);
    ctx.report(
      [...path, 'status_argument'],
      'value',
      `status_argument ${found} is not an argument of ${where}${suffix}`,
      {
        found,
        hint: 'name the argument of the status operation the handle is passed as',
      },
    );
    return;
  }
  const example = args[0] === undefined ? '' : `, e.g. status_argument: ${args[0]}`;
  const handle = ctx.found([...path, 'handle_field']);
  ctx.report(
    path,
    'key',
    `status_argument defaults to handle_field ${handle}, which is not an argument of ${where}`,
    {
      hint: `set status_argument to the argument the handle is passed as${example}`,
    },
  );
}
