/** A parsed rate such as `120/min`: `points` per `durationSec`. */
export interface RateSpec {
  points: number;
  durationSec: number;
  /** The text it was parsed from, for messages (`120/min`). */
  text: string;
}
