/** Deepest nesting kept in an audited value; deeper values are replaced by a marker. */
export const AUDIT_MAX_DEPTH = 32;
/** Approximate JSON size kept per audited value; values beyond the budget are replaced by a marker. */
export const AUDIT_MAX_BYTES = 64 * 1024;

/** The marker that stands for an omitted value: a string, so the row stays valid JSON. */
export function omittedMarker(reason: string): string {
  return `[omitted by portico: ${reason}]`;
}

/** A JSON-safe copy of a value and how many parts of it were replaced by a marker. */
export interface BoundedCopy {
  value: unknown;
  /** Values replaced by {@link omittedMarker} (too deep, over budget, not JSON, circular). */
  replaced: number;
  /** Approximate size of the copy as JSON, in bytes. */
  bytes: number;
}

interface CopyState {
  replaced: number;
  bytes: number;
  readonly maxDepth: number;
  readonly maxBytes: number;
  readonly path: Set<object>;
}

/**
 * Copy `value` into plain JSON data that `JSON.stringify` always accepts: objects nested deeper
 * than `maxDepth`, anything past the `maxBytes` budget, non-JSON values (bigint, function,
 * symbol, non-finite numbers) and circular references are replaced by a marker string. The
 * recursion is bounded by `maxDepth`, so no input can overflow the stack.
 */
export function boundedCopy(
  value: unknown,
  maxDepth: number = AUDIT_MAX_DEPTH,
  maxBytes: number = AUDIT_MAX_BYTES,
): BoundedCopy {
  const state: CopyState = { replaced: 0, bytes: 0, maxDepth, maxBytes, path: new Set() };
  const copied = copyValue(value, 0, state);
  return { value: copied, replaced: state.replaced, bytes: state.bytes };
}

function omit(state: CopyState, reason: string): string {
  state.replaced++;
  const marker = omittedMarker(reason);
  state.bytes += marker.length + 2;
  return marker;
}

function copyValue(value: unknown, depth: number, state: CopyState): unknown {
  if (state.bytes > state.maxBytes) return omit(state, `over the ${state.maxBytes}-byte audit budget`);
  switch (typeof value) {
    case 'string': {
      const room = Math.max(0, state.maxBytes - state.bytes);
      if (value.length > room) return omit(state, `string over the ${state.maxBytes}-byte audit budget`);
      state.bytes += value.length + 2;
      return value;
    }
    case 'number':
      if (!Number.isFinite(value)) return omit(state, 'not a finite number');
      state.bytes += 8;
      return value;
    case 'boolean':
      state.bytes += 5;
      return value;
    case 'undefined':
      return undefined;
    case 'object':
      break;
    default:
      return omit(state, `not JSON (${typeof value})`);
  }
  if (value === null) {
    state.bytes += 4;
    return null;
  }
  if (depth >= state.maxDepth) return omit(state, `nested deeper than ${state.maxDepth} levels`);
  if (state.path.has(value)) return omit(state, 'circular reference');
  if (value instanceof Date) {
    state.bytes += 26;
    return Number.isNaN(value.getTime()) ? null : value.toISOString();
  }
  state.path.add(value);
  try {
    state.bytes += 2;
    if (Array.isArray(value)) {
      const out: unknown[] = [];
      for (const item of value) {
        const v = copyValue(item, depth + 1, state);
        out.push(v === undefined ? null : v);
        state.bytes += 1;
      }
      return out;
    }
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) {
      const v = copyValue((value as Record<string, unknown>)[key], depth + 1, state);
      if (v === undefined) continue;
      // defineProperty: a "__proto__" key stays a plain own property.
      Object.defineProperty(out, key, { value: v, enumerable: true, writable: true, configurable: true });
      state.bytes += key.length + 4;
    }
    return out;
  } finally {
    state.path.delete(value);
  }
}
