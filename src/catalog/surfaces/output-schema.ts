import { isDeepStrictEqual } from 'node:util';
import type { JsonSchema } from '../../spec/index.js';
import type { CatalogTool } from '../types.js';

/** The output schema every one of `tools` declares identically, else `undefined`. */
export function commonOutputSchema(tools: readonly CatalogTool[]): JsonSchema | undefined {
  const first = tools[0]?.outputSchema;
  if (first === undefined) return undefined;
  return tools.every((t) => isDeepStrictEqual(t.outputSchema, first)) ? first : undefined;
}
