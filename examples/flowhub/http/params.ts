import { invalidParam } from './errors.js';

const RELATIVE = /^(\d{1,5})\s*([mhdw])$/i;
const UNIT_MS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
const ISO_LIKE = /^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/;

/** Parses `limit`: an integer in [1, max], default `def`. */
export function parseLimit(raw: string | undefined, def: number, max: number, name = 'limit'): number {
  if (raw === undefined || raw === '') return def;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > max) {
    throw invalidParam(name, `expected an integer between 1 and ${max}, got '${raw}'`);
  }
  return n;
}

/**
 * Parses a time window start: an ISO 8601 timestamp (`2024-05-01T00:00:00Z`) or a relative window
 * (`30m`, `24h`, `7d`, `2w`) counted back from `now`. Returns an ISO string, or undefined when absent
 * and no default is given.
 */
export function parseSince(raw: string | undefined, now: Date, def?: string): string | undefined {
  const value = raw === undefined || raw === '' ? def : raw.trim();
  if (value === undefined) return undefined;
  const rel = RELATIVE.exec(value);
  if (rel) return new Date(now.getTime() - Number(rel[1]) * UNIT_MS[rel[2]!.toLowerCase()]!).toISOString();
  const t = ISO_LIKE.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(t)) {
    throw invalidParam(
      'since',
      `expected an ISO 8601 timestamp (e.g. 2024-05-01T00:00:00Z) or a relative window like 30m, 24h, 7d, got '${value}'`,
    );
  }
  return new Date(t).toISOString();
}

/** Parses an optional enum parameter. */
export function parseEnum<T extends string>(
  raw: string | undefined,
  name: string,
  values: readonly T[],
): T | undefined {
  if (raw === undefined || raw === '') return undefined;
  if ((values as readonly string[]).includes(raw)) return raw as T;
  throw invalidParam(name, `expected one of ${values.join(', ')}, got '${raw}'`);
}
