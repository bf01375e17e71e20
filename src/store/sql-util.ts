import { PorticoError } from '../errors/index.js';

/** Which integrity constraint a database error violated, across SQLite and PostgreSQL. */
export function violatedConstraint(err: unknown): 'unique' | 'foreign_key' | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return undefined;
  // better-sqlite3 extended result codes, PostgreSQL SQLSTATEs.
  if (code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === '23505') {
    return 'unique';
  }
  if (code === 'SQLITE_CONSTRAINT_FOREIGNKEY' || code === '23503') return 'foreign_key';
  return undefined;
}

/** A Date as stored (ISO-8601 UTC text, which sorts chronologically); `invalid_input` when invalid. */
export function toIso(d: Date, what: string): string {
  if (!(d instanceof Date) || Number.isNaN(d.getTime())) {
    throw new PorticoError('invalid_input', `${what} must be a valid date; got ${String(d)}.`);
  }
  return d.toISOString();
}

export function toIsoOrNull(d: Date | null, what: string): string | null {
  return d === null ? null : toIso(d, what);
}

export function fromIsoOrNull(s: string | null): Date | null {
  return s === null ? null : new Date(s);
}

/** Parse a JSON column written by this store. */
export function parseJson<T>(text: string): T {
  return JSON.parse(text) as T;
}
