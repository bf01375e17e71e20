const UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400 };

/** Seconds of a duration: `900` (seconds), `90s`, `15m`, `12h`, `30d`; undefined when not one (or 0). */
export function parseDurationSec(text: string): number | undefined {
  const m = /^\s*(\d{1,9})\s*([smhd]?)\s*$/.exec(text);
  if (m === null) return undefined;
  const n = Number(m[1]) * (UNITS[m[2] || 's'] ?? 1);
  return n > 0 ? n : undefined;
}
