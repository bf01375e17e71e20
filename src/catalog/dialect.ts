import { Ajv as AjvDraft07 } from 'ajv';
import { Ajv2019 } from 'ajv/dist/2019.js';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsPlugin from 'ajv-formats';
import type { JsonSchema } from '../spec/index.js';

/** The JSON Schema dialects Portico validates with (one ajv class each). */
export type SchemaDialect = 'draft-07' | '2019-09' | '2020-12';

/** Which dialect validates a schema, and whether its `$schema` named that dialect exactly. */
export interface DialectChoice {
  dialect: SchemaDialect;
  /** The schema's own `$schema`, when it declares one. */
  declared?: string;
  /** False when `$schema` names a dialect ajv has no class for: the closest one is used. */
  exact: boolean;
}

/** `http(s)://json-schema.org/draft-07/schema#` → `json-schema.org/draft-07/schema`. */
function canonical(uri: string): string {
  return uri
    .trim()
    .toLowerCase()
    .replace(/^https?:\/\//, '')
    .replace(/#$/, '')
    .replace(/\/$/, '');
}

const EXACT: Record<string, SchemaDialect> = {
  'json-schema.org/draft-07/schema': 'draft-07',
  'json-schema.org/draft/2019-09/schema': '2019-09',
  'json-schema.org/draft/2020-12/schema': '2020-12',
};

/** Older drafts: draft-07 is their closest superset ajv supports. */
const OLDER = /^json-schema\.org\/draft-0[3-6]\/schema$/;

/**
 * The dialect for a schema from its root `$schema`. No `$schema` → 2020-12 (the MCP default);
 * draft-03…06 → draft-07; any other value → 2020-12, marked inexact so the caller can log it.
 */
export function chooseDialect(schema: JsonSchema): DialectChoice {
  const declared = schema.$schema;
  if (typeof declared !== 'string') return { dialect: '2020-12', exact: true };
  const key = canonical(declared);
  const exact = EXACT[key];
  if (exact !== undefined) return { dialect: exact, declared, exact: true };
  return { dialect: OLDER.test(key) ? 'draft-07' : '2020-12', declared, exact: false };
}

type AnyAjv = AjvDraft07 | Ajv2019 | Ajv2020;
const instances = new Map<SchemaDialect, AnyAjv>();

/** The shared ajv instance for a dialect (strict off, all errors, no coercion, formats). */
export function ajvFor(dialect: SchemaDialect): AnyAjv {
  let instance = instances.get(dialect);
  if (instance === undefined) {
    const opts = { strict: false, allErrors: true, coerceTypes: false, logger: false } as const;
    instance =
      dialect === 'draft-07'
        ? new AjvDraft07(opts)
        : dialect === '2019-09'
          ? new Ajv2019(opts)
          : new Ajv2020(opts);
    addFormatsPlugin.default(instance);
    instances.set(dialect, instance);
  }
  return instance;
}

/**
 * The schema ready to compile with its chosen class: the root `$schema` is dropped (the class
 * already is that dialect, and ajv would otherwise look the URI up and fail on spelling variants
 * such as a missing `#` or `https`).
 */
export function withoutDialect(schema: JsonSchema): JsonSchema {
  if (!('$schema' in schema)) return schema;
  const { $schema: _dropped, ...rest } = schema;
  return rest;
}
