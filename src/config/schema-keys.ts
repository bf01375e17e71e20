import type { z } from 'zod';
import type { PathSegment } from './locate.js';

interface Def {
  type: string;
  shape?: Record<string, z.ZodType>;
  valueType?: z.ZodType;
  element?: z.ZodType;
  innerType?: z.ZodType;
  in?: z.ZodType;
  out?: z.ZodType;
  options?: z.ZodType[];
  discriminator?: string;
  values?: unknown[];
}

const WRAPPERS = new Set(['optional', 'nullable', 'default', 'prefault', 'readonly', 'catch', 'nonoptional']);

const defOf = (schema: z.ZodType): Def => schema.def as unknown as Def;

/**
 * The keys an object schema allows at `path` of `value` (the data being validated, used to pick
 * the branch of a union), or [] when there is no object schema there.
 */
export function allowedKeys(root: z.ZodType, path: readonly PathSegment[], value: unknown): string[] {
  let schema: z.ZodType | undefined = root;
  let cur = value;
  for (const seg of path) {
    const def = defOf(unwrap(schema, cur));
    schema =
      def.type === 'object'
        ? def.shape?.[String(seg)]
        : def.type === 'record'
          ? def.valueType
          : def.type === 'array'
            ? def.element
            : undefined;
    if (!schema) return [];
    cur = isRecord(cur) ? cur[seg] : undefined;
  }
  const def = defOf(unwrap(schema, cur));
  return def.type === 'object' && def.shape ? Object.keys(def.shape) : [];
}

function unwrap(schema: z.ZodType, value: unknown): z.ZodType {
  let cur = schema;
  for (;;) {
    const def = defOf(cur);
    if (WRAPPERS.has(def.type) && def.innerType) cur = def.innerType;
    else if (def.type === 'pipe' && def.in && def.out)
      cur = defOf(def.in).type === 'transform' ? def.out : def.in;
    else if (def.type === 'union' && def.options) {
      const option = pickOption(def, value);
      if (!option) return cur;
      cur = option;
    } else return cur;
  }
}

function pickOption(def: Def, value: unknown): z.ZodType | undefined {
  const { discriminator, options = [] } = def;
  if (discriminator !== undefined) {
    const tag = isRecord(value) ? value[discriminator] : undefined;
    return options.find((option) => {
      const field = defOf(unwrap(option, value)).shape?.[discriminator];
      return field !== undefined && (defOf(field).values ?? []).includes(tag);
    });
  }
  const kind = Array.isArray(value) ? 'array' : isRecord(value) ? 'object' : undefined;
  return options.find((option) => {
    const type = defOf(unwrap(option, value)).type;
    return type === kind || (kind === 'object' && type === 'record');
  });
}

function isRecord(value: unknown): value is Record<PathSegment, unknown> {
  return value !== null && typeof value === 'object';
}
