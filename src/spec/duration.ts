/** Seconds per unit, by every spelling a duration may use (`15m`, `5/15min`, `2 hours`). */
const UNIT_SECONDS = {
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
} as const;

/** One unit spelling. */
export type DurationUnit = keyof typeof UNIT_SECONDS;

/** The one-letter units: `s`, `m`, `h`, `d`. */
export const SHORT_UNITS: readonly DurationUnit[] = ['s', 'm', 'h', 'd'];

/** Every unit spelling (`s`/`sec`/`second`, `m`/`min`/`minute`, `h`/`hour`, `d`/`day`). */
export const ALL_UNITS = Object.keys(UNIT_SECONDS) as DurationUnit[];

/** What one caller accepts of the `<count><unit>` grammar. */
export interface DurationRules {
  /** Unit spellings accepted. */
  units: readonly DurationUnit[];
  /** The unit of a bare count (`900` = 900 s); absent: a unit is required. */
  bareUnit?: DurationUnit;
  /** A unit without a count means one of it (`min` in `10/min`). */
  countOptional?: boolean;
  /** Most digits in the count (default: any). */
  maxDigits?: number;
  /** `15M` reads as `15m` (default false). */
  ignoreCase?: boolean;
  /** A trailing plural `s` is dropped (`hours`, `mins`; default false). */
  plural?: boolean;
  /** Whitespace between the count and the unit (default true). */
  unitSpace?: boolean;
}

/** A duration read from text: `count` of `unit`, `seconds` in all (0 when the count is 0). */
export interface Duration {
  count: number;
  unit: DurationUnit;
  seconds: number;
}

const GRAMMAR = /^(\d*)(\s*)([a-z]*)$/i;

function unitOf(word: string, rules: DurationRules): DurationUnit | undefined {
  const w = rules.ignoreCase === true ? word.toLowerCase() : word;
  const accepted = (u: string): u is DurationUnit => (rules.units as readonly string[]).includes(u);
  if (rules.plural === true && accepted(w.replace(/s$/, ''))) return w.replace(/s$/, '') as DurationUnit;
  return accepted(w) ? w : undefined;
}

/**
 * Read `<count><unit>` (`30s`, `15m`, `12h`, `30d`, `2 hours`) under a caller's rules; surrounding
 * whitespace is ignored. Undefined when the text is not such a duration.
 */
export function readDuration(text: string, rules: DurationRules): Duration | undefined {
  const m = GRAMMAR.exec(text.trim());
  if (m === null) return undefined;
  const [, digits = '', space = '', word = ''] = m;
  if (digits === '' && (rules.countOptional !== true || word === '')) return undefined;
  if (rules.maxDigits !== undefined && digits.length > rules.maxDigits) return undefined;
  if (space !== '' && (rules.unitSpace === false || word === '')) return undefined;
  const unit = word === '' ? rules.bareUnit : unitOf(word, rules);
  if (unit === undefined) return undefined;
  const count = digits === '' ? 1 : Number(digits);
  return { count, unit, seconds: count * UNIT_SECONDS[unit] };
}

const CONFIG_DURATION: DurationRules = { units: SHORT_UNITS, bareUnit: 's', maxDigits: 9 };

/** Seconds of a config duration: `900` (seconds), `90s`, `15m`, `12h`, `30d`; undefined when not one (or 0). */
export function parseDurationSec(text: string): number | undefined {
  const d = readDuration(text, CONFIG_DURATION);
  return d !== undefined && d.seconds > 0 ? d.seconds : undefined;
}
