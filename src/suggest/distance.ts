/**
 * Optimal-string-alignment distance (Levenshtein plus adjacent transpositions, so `flwo` → `flow`
 * is 1, `retyr` → `retry` too), giving up (returning `limit + 1`) once it must exceed `limit`.
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
