import { PorticoError } from '../errors/index.js';
import type { JsonSchema, SourceLocation } from '../spec/index.js';
import { closeMatches, didYouMean } from '../suggest/index.js';
import { formatSource } from './source.js';
import type { OperationSpec } from './types.js';

/** The argument a long-running tool gets: `wait: true` polls the status operation. */
export const WAIT_ARGUMENT = 'wait';

/** The `wait` argument's schema for a long-running operation whose waits last up to `maxWaitMs`. */
export function waitArgumentSchema(maxWaitMs: number): JsonSchema {
  const seconds = Number((maxWaitMs / 1000).toFixed(3));
  return {
    type: 'boolean',
    description:
      `Wait for the operation to finish (up to ${seconds} s), reporting progress; ` +
      'default false returns the handle at once.',
  };
}

function suggestion(name: string, names: readonly string[]): string {
  const [near] = closeMatches(name, names, 1);
  return didYouMean(near);
}

/**
 * Check the long-running operations of one system against its other operations: the status
 * operation exists, takes the status argument, and the long-running one has no `wait` argument of
 * its own. `locate` gives where the `long_running` block was declared (the YAML operation, or the
 * openapi entry's `operations.<name>` override). Throws a located `config_invalid` error.
 */
export function checkLongRunning(
  system: string,
  ops: readonly OperationSpec[],
  locate: (op: OperationSpec) => SourceLocation | undefined,
): void {
  const byName = new Map(ops.map((op) => [op.name, op]));
  for (const op of ops) {
    const spec = op.longRunning;
    if (spec === undefined) continue;
    const where = locate(op);
    const fail = (problem: string): PorticoError => {
      const label = `${where?.path ?? `${system}.${op.name}`}.long_running`;
      return new PorticoError('config_invalid', `${label} (${formatSource(where)}): ${problem}`, {
        system,
        operation: op.name,
        file: where?.file,
        line: where?.line,
      });
    };
    const status = byName.get(spec.statusOperation);
    if (status === undefined) {
      const names = ops.map((o) => o.name);
      throw fail(
        `status_operation "${spec.statusOperation}" is not an operation of system "${system}"` +
          `${suggestion(spec.statusOperation, names)}; name the operation that reports the state.`,
      );
    }
    if (!status.params.some((p) => p.name === spec.statusArgument)) {
      const args = status.params.map((p) => p.name);
      const takes = args.length > 0 ? `its arguments: ${args.join(', ')}` : 'it takes no arguments';
      throw fail(
        `status_argument "${spec.statusArgument}" is not an argument of status operation "${status.name}" ` +
          `(${takes})${suggestion(spec.statusArgument, args)}; set status_argument to the one the handle is passed as.`,
      );
    }
    if (op.params.some((p) => p.name === WAIT_ARGUMENT)) {
      throw fail(
        `operation "${op.name}" already has an argument "${WAIT_ARGUMENT}", which a long-running tool adds ` +
          'itself; rename that argument or remove long_running.',
      );
    }
  }
}
