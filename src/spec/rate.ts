import { ALL_UNITS, type DurationRules, readDuration } from './duration.js';

/** A parsed rate such as `120/min`: `points` per `durationSec`. */
export interface RateSpec {
  points: number;
  durationSec: number;
  /** The text it was parsed from, for messages (`120/min`). */
  text: string;
}

/** The accepted rate syntax, for messages. */
export const RATE_SYNTAX = '<count>/<s|min|hour|day>, e.g. 120/min';

const RATE_WINDOW: DurationRules = { units: ALL_UNITS, countOptional: true, ignoreCase: true, plural: true };

/** Parse `120/min`, `10/s`, `5000/hour`, `10000/day`, `5/15min`; undefined when the text is not a rate. */
export function parseRate(text: string): RateSpec | undefined {
  const m = /^\s*(\d+)\s*\/(.*)$/s.exec(text);
  if (m === null) return undefined;
  const points = Number(m[1]);
  const window = readDuration(m[2] as string, RATE_WINDOW);
  if (window === undefined || !Number.isSafeInteger(points) || points < 1 || window.count < 1)
    return undefined;
  return { points, durationSec: window.seconds, text: text.trim() };
}
