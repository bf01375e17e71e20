/**
 * Optimal-string-alignment distance (Levenshtein plus adjacent transpositions, so `flwo` → `flow`
 * is 1), giving up (returning `limit + 1`) once it must exceed `limit`.
 */
export function editDistance(a: string, b: string, limit = Number.POSITIVE_INFINITY): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let before: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  let prevBest = 0;
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        v = Math.min(v, before[j - 2]! + 1);
      row.push(v);
      if (v < best) best = v;
    }
    // A transposition can reach back one row, so stop only when neither row can stay within the limit.
    if (best > limit && prevBest + 1 > limit) return limit + 1;
    prevBest = best;
    before = prev;
    prev = row;
  }
  return prev[b.length]!;
}

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
