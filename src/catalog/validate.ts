import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsPlugin from 'ajv-formats';
import type { CatalogTool, JsonSchema } from './types.js';
import { describeError } from './validate-messages.js';

/** The outcome of checking a tool call's arguments. */
export type ArgumentVerdict = { ok: true } | { ok: false; message: string };

/** Checks one call's arguments against a tool's input schema. */
export type ArgumentValidator = (args: unknown) => ArgumentVerdict;

const MAX_MESSAGES = 10;

let shared: Ajv2020 | undefined;

function ajv(): Ajv2020 {
  if (shared === undefined) {
    shared = new Ajv2020({ strict: false, allErrors: true, coerceTypes: false, logger: false });
    addFormatsPlugin.default(shared);
  }
  return shared;
}

/** Compile a schema without keeping it in ajv's cache (catalogues are rebuilt on reload). */
function compile(schema: JsonSchema): ValidateFunction {
  const instance = ajv();
  try {
    return instance.compile(schema);
  } finally {
    instance.removeSchema(schema);
  }
}

/**
 * The input schema with its argument schemas relaxed to `{}`: used when an imported schema does not
 * compile, so required / unknown arguments are still checked.
 */
function relaxed(schema: JsonSchema): JsonSchema {
  const props = (schema.properties ?? {}) as Record<string, unknown>;
  return { ...schema, properties: Object.fromEntries(Object.keys(props).map((k) => [k, {}])) };
}

function messageOf(errors: ErrorObject[], args: unknown, known: readonly string[]): string {
  const lines = [...new Set(errors.map((e) => describeError(e, args, known)))];
  const shown = lines.slice(0, MAX_MESSAGES);
  if (lines.length > shown.length) shown.push(`and ${lines.length - shown.length} more problems`);
  return shown.join('; ');
}

/**
 * A validator for a tool's arguments (JSON Schema 2020-12, no type coercion). The schema is
 * compiled lazily on first use, so building large catalogues stays cheap. Messages name each bad
 * argument: `argument "limit": must be integer (found "ten")`, `missing required argument "flow"`,
 * `unknown argument "flwo" — did you mean "flow"?`.
 */
export function createArgumentValidator(tool: Pick<CatalogTool, 'inputSchema'>): ArgumentValidator {
  let validate: ValidateFunction | undefined;
  const known = Object.keys((tool.inputSchema.properties ?? {}) as Record<string, unknown>);
  return (args) => {
    if (validate === undefined) {
      try {
        validate = compile(tool.inputSchema);
      } catch {
        validate = compile(relaxed(tool.inputSchema));
      }
    }
    if (validate(args)) return { ok: true };
    return { ok: false, message: messageOf(validate.errors ?? [], args, known) };
  };
}

const cache = new WeakMap<CatalogTool, ArgumentValidator>();

/** Validate a call's arguments with the tool's cached validator (see {@link createArgumentValidator}). */
export function validateArguments(tool: CatalogTool, args: unknown): ArgumentVerdict {
  let validator = cache.get(tool);
  if (validator === undefined) {
    validator = createArgumentValidator(tool);
    cache.set(tool, validator);
  }
  return validator(args);
}
