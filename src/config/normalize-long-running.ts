import type { LongRunningSpec, OperationConfig } from '../spec/index.js';
import { CONFIG_DEFAULTS as D } from './defaults.js';
import { optional } from './optional.js';
import type { YamlAnnotations, YamlLongRunning } from './schema.js';

/** `long_running` with its defaults: `status_argument` = `handle_field`, `status_field` = `status`, … */
export function normalizeLongRunning(y: YamlLongRunning): LongRunningSpec {
  return {
    statusOperation: y.status_operation,
    handleField: y.handle_field,
    statusArgument: y.status_argument ?? y.handle_field,
    statusField: y.status_field ?? D.statusField,
    terminal: [...y.terminal],
    pollIntervalMs: y.poll_interval_ms ?? D.pollIntervalMs,
    maxWaitMs: y.max_wait_ms ?? D.maxWaitMs,
  };
}

/** Explicit annotations in camelCase; unset ones stay absent (they default from the method later). */
export function normalizeAnnotations(a: YamlAnnotations | undefined): OperationConfig['annotations'] {
  return {
    ...optional('readOnly', a?.read_only),
    ...optional('destructive', a?.destructive),
    ...optional('idempotent', a?.idempotent),
    ...optional('openWorld', a?.open_world),
  };
}
