import type { RateSpec } from '../spec/index.js';

const UNITS: Record<string, number> = {
  s: 1,
  sec: 1,
  second: 1,
  m: 60,
  min: 60,
  minute: 60,
  h: 3600,
  hour: 3600,
  d: 86_400,
  day: 86_400,
};

/** The accepted rate syntax, for messages. */
export const RATE_SYNTAX = '<count>/<s|min|hour|day>, e.g. 120/min';

/** Parse `120/min`, `10/s`, `5000/hour`, `10000/day`; undefined when the text is not a rate. */
export function parseRate(text: string): RateSpec | undefined {
  const m = /^\s*(\d+)\s*\/\s*(\d+\s*)?([a-z]+)\s*$/i.exec(text);
  if (m === null) return undefined;
  const points = Number(m[1]);
  const multiple = m[2] === undefined ? 1 : Number(m[2]);
  const unit =
    UNITS[(m[3] as string).toLowerCase().replace(/s$/, '')] ?? UNITS[(m[3] as string).toLowerCase()];
  if (unit === undefined || !Number.isSafeInteger(points) || points < 1 || multiple < 1) return undefined;
  return { points, durationSec: unit * multiple, text: text.trim() };
}
