import { editDistance } from './distance.js';

/** Lower-case words of a name: `getFlow_runs` → `get`, `flow`, `runs`. */
function tokens(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((t) => t.length > 0);
}

/**
 * Up to `max` names from `names` that look like `name` — for "unknown tool, did you mean …".
 * Ranked by edit distance (case-insensitive, transpositions count 1, allowed up to a third of the length; none for names under 3 characters),
 * then substring containment, then shared words (dropped when a near-exact match exists); ties
 * keep `names` order.
 */
export function closeMatches(name: string, names: readonly string[], max = 3): string[] {
  const target = name.toLowerCase();
  const targetTokens = new Set(tokens(name));
  const limit = target.length >= 3 ? Math.max(1, Math.floor(target.length / 3)) : 0;
  const scored: { name: string; score: number; index: number }[] = [];
  names.forEach((candidate, index) => {
    const lower = candidate.toLowerCase();
    if (lower === target && candidate !== name) {
      scored.push({ name: candidate, score: 0, index });
      return;
    }
    const distance = editDistance(target, lower, limit);
    let score = Number.POSITIVE_INFINITY;
    if (distance <= limit) score = 1 + distance;
    else if (
      Math.min(target.length, lower.length) >= 3 &&
      (lower.includes(target) || target.includes(lower))
    ) {
      score = 100;
    } else {
      const shared = tokens(candidate).filter((t) => targetTokens.has(t)).length;
      const total = Math.max(targetTokens.size, 1);
      if (shared > 0 && shared / total >= 0.5) score = 200 + (total - shared);
    }
    if (Number.isFinite(score) && candidate !== name) scored.push({ name: candidate, score, index });
  });
  scored.sort((a, b) => a.score - b.score || a.index - b.index);
  // With a near-exact match (case only, or one edit) the weaker substring/word matches are noise.
  const strong = scored[0] !== undefined && scored[0].score <= 2;
  return scored
    .filter((s) => !strong || s.score < 100)
    .slice(0, max)
    .map((s) => s.name);
}
