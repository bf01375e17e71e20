import { CLIENT_OWNED_HEADERS, type JsonSchema, type ParamLocation } from '../../spec/index.js';
import type { BodyMode, ParamSpec } from '../types.js';
import type { OpenApiMediaType, OpenApiOperation, OpenApiParameter, OpenApiPathItem } from './document.js';

/** What a tool's arguments are and how the request body is built from them. */
export interface OperationInputs {
  params: ParamSpec[];
  body: BodyMode;
}

type Convert = (schema: JsonSchema) => JsonSchema;

const LOCATIONS: ReadonlySet<string> = new Set(['path', 'query', 'header']);
/** Header parameters not exposed as arguments: set by Portico or by the HTTP client itself. */
const RESERVED_HEADERS: ReadonlySet<string> = new Set([
  'accept',
  'content-type',
  'authorization',
  ...CLIENT_OWNED_HEADERS,
]);
const COMPOSITION = ['allOf', 'anyOf', 'oneOf', 'not', 'if'] as const;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The JSON media type entry of a `content` map (`application/json`, then any `…+json`). */
export function jsonMediaType(
  content: Record<string, OpenApiMediaType | undefined> | undefined,
): OpenApiMediaType | undefined {
  if (content === undefined) return undefined;
  const keys = Object.keys(content);
  const base = (k: string): string => k.split(';')[0]!.trim().toLowerCase();
  const key =
    keys.find((k) => base(k) === 'application/json') ??
    keys.find((k) => /^application\/[^/]+\+json$/.test(base(k)));
  return key === undefined ? undefined : (content[key] ?? {});
}

/** Path-level parameters overridden by operation-level ones (same `in` + `name`). */
function mergedParameters(pathItem: OpenApiPathItem, op: OpenApiOperation): OpenApiParameter[] {
  const merged = new Map<string, OpenApiParameter>();
  for (const p of [...(pathItem.parameters ?? []), ...(op.parameters ?? [])]) {
    if (isRecord(p) && typeof p.name === 'string') merged.set(`${p.in}:${p.name}`, p);
  }
  return [...merged.values()];
}

/** A schema with an argument-level description / deprecation added (never mutating shared schemas). */
function annotate(
  schema: JsonSchema,
  description: string | undefined,
  deprecated: boolean | undefined,
): JsonSchema {
  if (description === undefined && deprecated !== true) return schema;
  const out: JsonSchema = { ...schema };
  if (description !== undefined && description.length > 0) out.description = description;
  if (deprecated === true) out.deprecated = true;
  return out;
}

/** `name`, or `<prefix>_name` (then numbered) when taken. */
function uniqueName(name: string, prefix: string, taken: Set<string>): string {
  let candidate = taken.has(name) ? `${prefix}_${name}` : name;
  for (let i = 2; taken.has(candidate); i++) candidate = `${prefix}_${name}_${i}`;
  taken.add(candidate);
  return candidate;
}

function parameterSpecs(
  params: OpenApiParameter[],
  convert: Convert,
  where: string,
  warnings: string[],
): ParamSpec[] {
  const out: ParamSpec[] = [];
  const taken = new Set<string>();
  for (const p of params) {
    if (p.in === 'cookie') {
      warnings.push(`${where}: cookie parameter "${p.name}" is not supported and was skipped.`);
      continue;
    }
    if (!LOCATIONS.has(p.in)) continue;
    if (p.in === 'header' && RESERVED_HEADERS.has(p.name.toLowerCase())) continue;
    const raw = p.schema ?? jsonMediaType(p.content)?.schema ?? {};
    out.push({
      name: uniqueName(p.name, p.in, taken),
      in: p.in as ParamLocation,
      wireName: p.name,
      required: p.in === 'path' ? true : p.required === true,
      schema: annotate(convert(raw), p.description, p.deprecated),
    });
  }
  return out;
}

function isFlattenable(schema: JsonSchema): schema is JsonSchema & { properties: Record<string, unknown> } {
  if (!isRecord(schema.properties)) return false;
  if (schema.type !== undefined && schema.type !== 'object') return false;
  return COMPOSITION.every((k) => schema[k] === undefined);
}

function bodyInputs(
  schema: JsonSchema,
  bodyRequired: boolean,
  description: string | undefined,
  taken: Set<string>,
) {
  if (!isFlattenable(schema)) {
    const name = uniqueName('body', 'body', taken);
    const param: ParamSpec = {
      name,
      in: 'body',
      wireName: name,
      required: bodyRequired,
      schema: schema.description === undefined ? annotate(schema, description, undefined) : schema,
    };
    return { params: [param], body: { kind: 'argument', param: name } as BodyMode };
  }
  const required = new Set(Array.isArray(schema.required) ? schema.required : []);
  const params: ParamSpec[] = [];
  for (const [prop, sub] of Object.entries(schema.properties)) {
    if (!isRecord(sub) || sub.readOnly === true) continue;
    params.push({
      name: uniqueName(prop, 'body', taken),
      in: 'body',
      wireName: prop,
      required: required.has(prop),
      schema: sub,
    });
  }
  return { params, body: { kind: 'fields' } as BodyMode };
}

/**
 * The arguments of one OpenAPI operation: path/query/header parameters (path-level merged with
 * operation-level; cookie ones skipped with a warning) and the JSON request body, flattened into
 * `body` arguments when it is a plain object schema (a name clash renames the body one
 * `body_<name>`, keeping its wire name), else sent whole as one `body` argument. Returns
 * `undefined` (with a warning) when the operation requires a non-JSON body.
 */
export function operationInputs(
  pathItem: OpenApiPathItem,
  op: OpenApiOperation,
  convert: Convert,
  where: string,
  warnings: string[],
): OperationInputs | undefined {
  const params = parameterSpecs(mergedParameters(pathItem, op), convert, where, warnings);
  const rb = op.requestBody;
  if (!isRecord(rb)) return { params, body: { kind: 'fields' } };
  const media = jsonMediaType(rb.content);
  if (media === undefined) {
    const types = Object.keys(rb.content ?? {}).join(', ') || 'none';
    if (rb.required === true) {
      warnings.push(
        `${where}: skipped: its request body (${types}) is not JSON, which Portico does not send yet.`,
      );
      return undefined;
    }
    warnings.push(`${where}: its optional non-JSON request body (${types}) was ignored.`);
    return { params, body: { kind: 'fields' } };
  }
  const taken = new Set(params.map((p) => p.name));
  const body = bodyInputs(convert(media.schema ?? {}), rb.required === true, rb.description, taken);
  return { params: [...params, ...body.params], body: body.body };
}
