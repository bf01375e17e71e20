/** Default deepest nesting of any JSON the gateway parses (requests, upstream bodies, federated results). */
export const DEFAULT_MAX_JSON_DEPTH = 64;

const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * The nesting depth of JSON text, found by one linear scan (no parsing, no recursion), stopping
 * as soon as it passes `stopAfter`. Brackets inside strings are ignored; the text need not be
 * valid JSON (the parser decides that afterwards).
 */
export function jsonTextDepth(text: string, stopAfter = Number.POSITIVE_INFINITY): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) {
      inString = true;
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      depth++;
      if (depth > max) {
        max = depth;
        if (max > stopAfter) return max;
      }
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      depth--;
    }
  }
  return max;
}

/**
 * True when a value (already parsed, e.g. by an SDK) nests objects/arrays deeper than
 * `maxDepth`. Iterative (an explicit stack), so it is safe on any depth; cycles count as too deep.
 */
export function valueDeeperThan(value: unknown, maxDepth: number): boolean {
  if (value === null || typeof value !== 'object') return false;
  const stack: Array<{ v: object; d: number }> = [{ v: value, d: 1 }];
  let visited = 0;
  while (stack.length > 0) {
    const { v, d } = stack.pop() as { v: object; d: number };
    if (d > maxDepth || ++visited > 10_000_000) return true;
    const children = Array.isArray(v) ? v : Object.values(v);
    for (const child of children) {
      if (child !== null && typeof child === 'object') stack.push({ v: child, d: d + 1 });
    }
  }
  return false;
}

/** The outcome of {@link parseBoundedJson}. */
export type BoundedParse =
  | { ok: true; value: unknown }
  | { ok: false; reason: 'depth'; depth: number; message: string }
  | { ok: false; reason: 'syntax'; message: string };

/**
 * `JSON.parse` behind a depth limit checked first, on the text: nothing recursive ever sees a
 * value nested deeper than `maxDepth`.
 */
export function parseBoundedJson(text: string, maxDepth: number): BoundedParse {
  const depth = jsonTextDepth(text, maxDepth);
  if (depth > maxDepth) {
    return { ok: false, reason: 'depth', depth, message: `JSON nested deeper than ${maxDepth} levels` };
  }
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (err) {
    return { ok: false, reason: 'syntax', message: (err as Error).message };
  }
}
