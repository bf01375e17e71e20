/** Returns the current time. */
export type Clock = () => Date;

/**
 * A clock that starts at `start` (default: the real time) and advances in real time, so seeded data
 * relative to a fixed `now` and runs created later share one timeline.
 */
export function createClock(start?: Date): Clock {
  if (!start) return () => new Date();
  const offset = start.getTime() - Date.now();
  return () => new Date(Date.now() + offset);
}
