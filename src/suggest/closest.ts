import { editDistance } from './distance.js';
import { didYouMean } from './phrase.js';

/**
 * The candidate closest to `input` (case-insensitive), if close enough to be a plausible typo:
 * at most a third of the longer string's length in edits (and at least one).
 */
export function closestMatch(input: string, candidates: readonly string[]): string | undefined {
  const needle = input.toLowerCase();
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    const limit = Math.max(1, Math.floor(Math.max(needle.length, candidate.length) / 3));
    const distance = editDistance(needle, candidate.toLowerCase(), limit);
    if (distance <= limit && distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/** ` — did you mean "x"?` for the {@link closestMatch}, or the empty string. */
export function suggestionSuffix(input: string, candidates: readonly string[]): string {
  return didYouMean(closestMatch(input, candidates));
}
