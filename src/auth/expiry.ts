import { PorticoError } from '../errors/index.js';
import { type DurationRules, readDuration } from '../spec/index.js';

/** Longest token lifetime, in days (10 years). */
export const MAX_EXPIRY_DAYS = 3650;

const DAYS: DurationRules = { units: ['d'], maxDigits: 4, ignoreCase: true, unitSpace: false };

const ACCEPTED = `30d, 90d, 365d (any 1d–${MAX_EXPIRY_DAYS}d) or never`;

/** `30d` / `90d` / `365d` (any `1d`–`3650d`) → days; `none` / `never` → null; else `invalid_input`. */
export function parseExpiry(text: string): number | null {
  const t = String(text).trim().toLowerCase();
  if (t === 'none' || t === 'never') return null;
  const days = readDuration(t, DAYS)?.count ?? Number.NaN;
  if (!Number.isInteger(days) || days < 1 || days > MAX_EXPIRY_DAYS) {
    throw new PorticoError('invalid_input', `Invalid expiry "${text}": use ${ACCEPTED}.`, {
      accepted: ['30d', '90d', '365d', `1d..${MAX_EXPIRY_DAYS}d`, 'never', 'none'],
    });
  }
  return days;
}
