import type { ErrorObject } from 'ajv';
import { closeMatches, didYouMean } from '../suggest/index.js';

/** `/filter/items/0` → `filter.items[0]`. */
function argumentPath(instancePath: string): string {
  let out = '';
  for (const raw of instancePath.split('/').slice(1)) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    out += /^\d+$/.test(seg) ? `[${seg}]` : out.length === 0 ? seg : `.${seg}`;
  }
  return out;
}

/** A value for a message: JSON, shortened. */
export function showValue(value: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function valueAt(input: unknown, instancePath: string): unknown {
  let node = input;
  for (const raw of instancePath.split('/').slice(1)) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[seg];
  }
  return node;
}

/** One human message per ajv error, naming the argument (`argument "limit": must be integer (found "ten")`). */
export function describeError(err: ErrorObject, input: unknown, knownArguments: readonly string[]): string {
  const path = argumentPath(err.instancePath);
  const params = err.params as Record<string, unknown>;
  if (err.keyword === 'required') {
    const missing = String(params.missingProperty);
    return path.length === 0
      ? `missing required argument "${missing}"`
      : `argument "${path}": missing required property "${missing}"`;
  }
  if (err.keyword === 'additionalProperties') {
    const extra = String(params.additionalProperty);
    if (path.length > 0) return `argument "${path}": unknown property "${extra}"`;
    const [near] = closeMatches(extra, knownArguments, 1);
    if (near !== undefined) return `unknown argument "${extra}"${didYouMean(near)}`;
    const known =
      knownArguments.length > 0 ? `expected one of: ${knownArguments.join(', ')}` : 'this tool takes none';
    return `unknown argument "${extra}" (${known})`;
  }
  const found = ` (found ${showValue(valueAt(input, err.instancePath))})`;
  let what = err.message ?? 'is invalid';
  if (err.keyword === 'enum' && Array.isArray(params.allowedValues)) {
    what = `must be one of ${params.allowedValues.map(showValue).join(', ')}`;
  } else if (err.keyword === 'type') {
    what = `must be ${Array.isArray(params.type) ? params.type.join(' or ') : String(params.type)}`;
  }
  return path.length === 0 ? `arguments ${what}${found}` : `argument "${path}": ${what}${found}`;
}
