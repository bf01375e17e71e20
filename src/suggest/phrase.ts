/**
 * ` — did you mean "x"?` appended to a message, or the empty string when there is no match;
 * `show` writes the match (default: in double quotes).
 */
export function didYouMean(match: string | undefined, show = (m: string) => `"${m}"`): string {
  return match === undefined ? '' : ` — did you mean ${show(match)}?`;
}

/** ` Did you mean "x" or "y"?` as a sentence after a message, or the empty string when `near` is empty. */
export function didYouMeanAny(near: readonly string[]): string {
  return near.length > 0 ? ` Did you mean ${near.map((n) => `"${n}"`).join(' or ')}?` : '';
}
