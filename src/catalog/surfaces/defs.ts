import { isDeepStrictEqual } from 'node:util';
import type { JsonSchema } from '../../spec/index.js';
import type { Defs } from './params.js';

/** An empty set of reusable sub-schemas. */
export function emptyDefs(): Defs {
  return { $defs: {}, definitions: {} };
}

/**
 * The first definition of `add` that `into` already holds with a different schema (such a tool
 * cannot share the published root), else `undefined`.
 */
export function defsConflict(into: Defs, add: Defs): string | undefined {
  for (const key of ['$defs', 'definitions'] as const) {
    for (const [name, schema] of Object.entries(add[key])) {
      const held = into[key][name];
      if (held !== undefined && !isDeepStrictEqual(held, schema)) return `${key}/${name}`;
    }
  }
  return undefined;
}

/** Copy `add`'s definitions into `into` (check {@link defsConflict} first). */
export function mergeDefs(into: Defs, add: Defs): void {
  Object.assign(into.$defs, add.$defs);
  Object.assign(into.definitions, add.definitions);
}

/** Put the non-empty definition tables on a root schema. */
export function attachDefs(schema: JsonSchema, defs: Defs): JsonSchema {
  if (Object.keys(defs.$defs).length > 0) schema.$defs = defs.$defs;
  if (Object.keys(defs.definitions).length > 0) schema.definitions = defs.definitions;
  return schema;
}
