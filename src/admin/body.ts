import type { Context } from 'hono';
import type { z } from 'zod';
import { PorticoError } from '../errors/index.js';
import { DEFAULT_MAX_JSON_DEPTH, parseBoundedJson } from '../json/index.js';

/** Largest admin request body accepted (bytes). */
export const MAX_ADMIN_BODY_BYTES = 64 * 1024;

/** Read the request body as JSON: empty, oversized or malformed bodies are `invalid_input` / `payload_too_large`. */
export async function readJsonBody(c: Context): Promise<unknown> {
  const declared = Number(c.req.header('content-length') ?? '0');
  if (declared > MAX_ADMIN_BODY_BYTES) throw tooLarge();
  const text = await c.req.text();
  if (Buffer.byteLength(text) > MAX_ADMIN_BODY_BYTES) throw tooLarge();
  if (text.trim() === '') {
    throw new PorticoError('invalid_input', 'The request body is empty: send a JSON object.');
  }
  const parsed = parseBoundedJson(text, DEFAULT_MAX_JSON_DEPTH);
  if (parsed.ok) return parsed.value;
  throw new PorticoError(
    'invalid_input',
    parsed.reason === 'depth'
      ? `The request body is ${parsed.message}: send a flat JSON object.`
      : `The request body is not valid JSON (${parsed.message}): send a JSON object with Content-Type: application/json.`,
  );
}

function tooLarge(): PorticoError {
  return new PorticoError(
    'payload_too_large',
    `The request body is larger than ${MAX_ADMIN_BODY_BYTES} bytes, the admin API limit.`,
  );
}

type Issue = z.core.$ZodIssue;

/**
 * Validate `value` (a parsed body or the query parameters) against a strict object schema.
 * Failures are `invalid_input` naming each field: unknown fields, wrong types, bad values.
 */
export function validateInput<S extends z.ZodObject>(
  schema: S,
  value: unknown,
  where: 'request body' | 'query',
): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const allowed = Object.keys(schema.shape);
  const problems = result.error.issues.map((issue) => describeIssue(issue, where, allowed));
  const fields = [
    ...new Set(
      result.error.issues.flatMap((i) =>
        i.code === 'unrecognized_keys' ? i.keys : i.path.length > 0 ? [i.path.join('.')] : [],
      ),
    ),
  ];
  throw new PorticoError('invalid_input', `Invalid ${where}: ${problems.join('; ')}.`, { fields });
}

function describeIssue(issue: Issue, where: string, allowed: string[]): string {
  const field = issue.path.map(String).join('.');
  if (issue.code === 'unrecognized_keys') {
    const names = issue.keys.map((k) => `"${k}"`).join(', ');
    const expected = allowed.length > 0 ? ` (expected ${allowed.map((k) => `"${k}"`).join(', ')})` : '';
    return `unknown ${where === 'query' ? 'parameter' : 'field'}${issue.keys.length > 1 ? 's' : ''} ${names}${expected}`;
  }
  if (field === '') {
    return where === 'query' ? issue.message : 'the request body must be a JSON object';
  }
  return `"${field}": ${issue.message}`;
}
