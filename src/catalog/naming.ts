import type { NamingConfig } from '../config/types.js';
import { PorticoError } from '../errors/index.js';
import { formatSource } from './source.js';
import type { OperationSpec } from './types.js';

/**
 * Naming strategies: each maps an operation to its final tool name. New strategies (e.g.
 * provider.instance naming, templates, length caps with stable hashes) are added here.
 */
const STRATEGIES: Record<NamingConfig['strategy'], (op: OperationSpec, naming: NamingConfig) => string> = {
  flat: (op) => op.name,
  namespaced: (op, naming) => `${op.system}${naming.separator}${op.name}`,
};

/** The published tool name of an operation under the configured naming strategy. */
export function toolName(op: OperationSpec, naming: NamingConfig): string {
  return STRATEGIES[naming.strategy](op, naming);
}

function owner(op: OperationSpec): string {
  return `system "${op.system}" operation "${op.name}" (${formatSource(op.source)})`;
}

/**
 * The final tool name of every operation (same order as `ops`). A name produced twice is a
 * `config_invalid` error naming both owners; collision policies (suffixing, hashing) go here later.
 */
export function assignToolNames(ops: readonly OperationSpec[], naming: NamingConfig): string[] {
  const owners = new Map<string, OperationSpec>();
  return ops.map((op) => {
    const name = toolName(op, naming);
    const first = owners.get(name);
    if (first !== undefined) {
      const hint =
        naming.strategy === 'flat'
          ? 'rename or exclude one of them, or set naming.strategy: namespaced to prefix tools with their system.'
          : 'rename or exclude one of them.';
      throw new PorticoError(
        'config_invalid',
        `Duplicate tool name "${name}": ${owner(first)} and ${owner(op)}; ${hint}`,
        {
          tool: name,
          owners: [first, op].map((o) => ({ system: o.system, operation: o.name, source: o.source })),
        },
      );
    }
    owners.set(name, op);
    return name;
  });
}
