import type { ErrorObject, ValidateFunction } from 'ajv';
import type { JsonSchema } from '../spec/index.js';
import { ajvFor, chooseDialect, withoutDialect } from './dialect.js';
import type { CatalogTool } from './types.js';
import { describeError } from './validate-messages.js';

/** The outcome of checking a tool call's arguments. */
export type ArgumentVerdict = { ok: true } | { ok: false; message: string };

/** Checks one call's arguments against a tool's input schema. */
export type ArgumentValidator = (args: unknown) => ArgumentVerdict;

/** Where the validator reports schemas it cannot use as declared (a pino logger's `warn` fits). */
export interface ValidatorOptions {
  /** The tool's name, for warnings. */
  name?: string;
  warn?: (fields: Record<string, unknown>, message: string) => void;
}

const MAX_MESSAGES = 10;
const OK: ArgumentVerdict = { ok: true };
const OPEN_KEYWORDS = ['patternProperties', 'allOf', 'anyOf', 'oneOf', '$ref', 'if', 'dependentSchemas'];

/** `$schema` values already warned about (logged once per process, not once per tool). */
const warnedDialects = new Set<string>();

/** Compile a schema without keeping it in ajv's cache (catalogues are rebuilt on reload). */
function compile(schema: JsonSchema): ValidateFunction {
  const choice = chooseDialect(schema);
  const instance = ajvFor(choice.dialect);
  const ready = withoutDialect(schema);
  try {
    return instance.compile(ready);
  } finally {
    instance.removeSchema(ready);
  }
}

/**
 * The input schema with its argument schemas relaxed to `{}`: used when an imported schema does not
 * compile, so required / unknown arguments are still checked.
 */
function relaxed(schema: JsonSchema): JsonSchema {
  const props = (schema.properties ?? {}) as Record<string, unknown>;
  const out: JsonSchema = {
    type: 'object',
    properties: Object.fromEntries(Object.keys(props).map((k) => [k, {}])),
  };
  if (Array.isArray(schema.required) && schema.required.every((r) => typeof r === 'string')) {
    out.required = schema.required;
  }
  // Other keywords may allow more properties than `properties` names: only then is it safe to keep.
  const composed = OPEN_KEYWORDS.some((k) => k in schema);
  if (schema.additionalProperties === false && !composed) out.additionalProperties = false;
  return out;
}

function messageOf(errors: ErrorObject[], args: unknown, known: readonly string[]): string {
  const lines = [...new Set(errors.map((e) => describeError(e, args, known)))];
  const shown = lines.slice(0, MAX_MESSAGES);
  if (lines.length > shown.length) shown.push(`and ${lines.length - shown.length} more problems`);
  return shown.join('; ');
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * Build the validate function for a schema, never throwing: the schema in its own dialect; if it
 * does not compile, a relaxed copy that still checks required and unknown arguments; if even that
 * fails, undefined (arguments pass unvalidated). Each degradation is reported once through `warn`.
 */
function build(schema: JsonSchema, opts: ValidatorOptions): ValidateFunction | undefined {
  const warn = opts.warn ?? (() => undefined);
  const tool = opts.name === undefined ? {} : { tool: opts.name };
  const choice = chooseDialect(schema);
  if (!choice.exact && choice.declared !== undefined && !warnedDialects.has(choice.declared)) {
    warnedDialects.add(choice.declared);
    warn(
      { ...tool, $schema: choice.declared, dialect: choice.dialect },
      `an input schema declares an unsupported $schema; validating with the closest dialect (${choice.dialect})`,
    );
  }
  let first: unknown;
  try {
    return compile(schema);
  } catch (err) {
    first = err;
  }
  try {
    const fallback = compile(relaxed(schema));
    warn(
      { ...tool, dialect: choice.dialect, error: errorText(first) },
      'an input schema does not compile; only required and unknown arguments are checked for this tool',
    );
    return fallback;
  } catch {
    warn(
      { ...tool, dialect: choice.dialect, error: errorText(first) },
      'an input schema does not compile; arguments of this tool pass to the server unvalidated',
    );
    return undefined;
  }
}

/**
 * A validator for a tool's arguments, in the dialect its `$schema` declares (draft-07, 2019-09 or
 * 2020-12 — the default; older drafts use draft-07, unknown URIs 2020-12), with no type coercion.
 * The schema is compiled lazily on first use, so building large catalogues stays cheap. A schema
 * that cannot be compiled never fails a call: it degrades to checking required/unknown arguments,
 * or to no check, with one warning. Messages name each bad argument: `argument "limit": must be
 * integer (found "ten")`, `missing required argument "flow"`, `unknown argument "flwo" — did you
 * mean "flow"?`.
 */
export function createArgumentValidator(
  tool: Pick<CatalogTool, 'inputSchema'>,
  opts: ValidatorOptions = {},
): ArgumentValidator {
  let validate: ValidateFunction | undefined;
  let built = false;
  const known = Object.keys((tool.inputSchema.properties ?? {}) as Record<string, unknown>);
  return (args) => {
    if (!built) {
      validate = build(tool.inputSchema, opts);
      built = true;
    }
    if (validate === undefined) return OK;
    let valid: boolean;
    try {
      valid = validate(args) as boolean;
    } catch (err) {
      opts.warn?.(
        { ...(opts.name === undefined ? {} : { tool: opts.name }), error: errorText(err) },
        'an input schema failed while validating; arguments of this tool pass to the server unvalidated',
      );
      validate = undefined;
      return OK;
    }
    if (valid) return OK;
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
