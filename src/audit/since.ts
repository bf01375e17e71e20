import { PorticoError } from '../errors/index.js';
import { type DurationRules, readDuration, SHORT_UNITS } from '../spec/index.js';

const BEFORE_NOW: DurationRules = { units: SHORT_UNITS, maxDigits: 9 };
const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/i;

function invalid(text: string): PorticoError {
  return new PorticoError(
    'invalid_input',
    `Cannot read the time "${text}": use a duration before now like 30s, 15m, 1h or 7d, or an ISO date/time like 2026-03-01, 2026-03-01T10:00:00Z or 2026-03-01T12:00:00+02:00 (times without an offset are UTC).`,
    { value: text },
  );
}

/**
 * Read a `since` time: `30s`, `15m`, `1h`, `7d` (that long before `now`) or an ISO-8601 date or
 * date-time (UTC unless it carries an offset). Throws `invalid_input` naming the accepted forms.
 */
export function parseSince(text: string, now: Date = new Date()): Date {
  const t = String(text).trim();
  const before = readDuration(t, BEFORE_NOW);
  if (before !== undefined) return new Date(now.getTime() - before.seconds * 1000);
  const iso = ISO.exec(t);
  if (iso === null) throw invalid(t);
  const [, y, mo, d, hh, mi, ss, zone] = iso;
  // Reject what JavaScript would silently roll over (2026-02-30 → March 2, 24:61).
  const month = Number(mo);
  if (month < 1 || month > 12 || Number(d) < 1 || Number(d) > daysIn(Number(y), month)) throw invalid(t);
  if (Number(hh ?? 0) > 23 || Number(mi ?? 0) > 59 || Number(ss ?? 0) > 59) throw invalid(t);
  // A time without an offset is UTC; a bare date is UTC midnight (as Date.parse does).
  const spaced = t.replace(' ', 'T').toUpperCase();
  const ms = Date.parse(hh !== undefined && zone === undefined ? `${spaced}Z` : spaced);
  if (Number.isNaN(ms)) throw invalid(t);
  return new Date(ms);
}

function daysIn(year: number, month: number): number {
  const last = new Date(0);
  last.setUTCFullYear(year, month, 0);
  return last.getUTCDate();
}
