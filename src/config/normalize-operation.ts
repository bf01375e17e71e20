import type { ArgumentConfig, OperationConfig } from '../spec/index.js';
import { CONFIG_DEFAULTS as D } from './defaults.js';
import type { ConfigSource, PathSegment } from './locate.js';
import { normalizeAnnotations, normalizeLongRunning } from './normalize-long-running.js';
import { optional } from './optional.js';
import { isPathArgument, templateParams } from './path-template.js';
import type { YamlOperation } from './schema.js';

/** Portico's own argument keys; everything else is the argument's JSON Schema. */
const PORTICO_KEYS = new Set(['in', 'field', 'required']);

/** Normalize one validated operation; `read` reads the interpolated document. */
export function normalizeOperation(
  name: string,
  op: YamlOperation,
  read: (path: PathSegment[]) => unknown,
  path: PathSegment[],
  source: ConfigSource,
): OperationConfig {
  const params = templateParams(op.path);
  const args = Object.entries(op.arguments ?? {}).map(([argName, arg]): ArgumentConfig => {
    const argPath = [...path, 'arguments', argName];
    const written = (read(argPath) ?? {}) as Record<string, unknown>;
    const schema = Object.fromEntries(
      Object.entries(written).filter(
        ([k, v]) => !PORTICO_KEYS.has(k) || (k === 'required' && Array.isArray(v)),
      ),
    );
    return {
      name: argName,
      ...optional('in', arg.in),
      ...optional('field', arg.field),
      required: typeof arg.required === 'boolean' ? arg.required : isPathArgument(argName, arg.in, params),
      schema,
      source: source.location(argPath),
    };
  });
  return {
    name,
    method: op.method ?? D.method,
    path: op.path,
    ...optional('title', op.title),
    description: op.description ?? '',
    arguments: args,
    body: op.body === undefined ? { kind: 'fields' } : { kind: 'argument', param: op.body },
    annotations: normalizeAnnotations(op.annotations),
    tags: op.tags ?? [],
    ...optional('group', op.group),
    ...optional('longRunning', op.long_running && normalizeLongRunning(op.long_running)),
    source: source.location(path),
  };
}
