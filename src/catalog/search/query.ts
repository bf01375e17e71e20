import { analyze, tokenize } from './analyze.js';
import { relatedTerms } from './synonyms.js';
import type { SearchHit, SearchIndex } from './types.js';

/** Weight of a query word itself. */
const EXACT = 1;
/** Weight of an indexed word the query word is a prefix of (`config` → `configuration`). */
const PREFIX = 0.6;
/** Weight of a related word (`why` → `error`). */
const RELATED = 0.4;
/** Extra score of a query word found in a tool's name, times its weight and idf. */
const NAME_BONUS = 1;
/** Prefix expansions per query word. */
const MAX_PREFIX = 8;
/** Score factor of a tool that is not read-only when the query is a question. */
const QUESTION_WRITE_FACTOR = 0.5;
/** First words of a question: asking about state, so read-only tools fit better. */
const QUESTION_WORDS = new Set([
  'why',
  'what',
  'which',
  'how',
  'when',
  'where',
  'who',
  'whose',
  'is',
  'are',
  'was',
  'were',
  'did',
  'does',
  'has',
]);

/** True when the query starts like a question (`why did …`, `which connectors …`). */
export function isQuestion(query: string): boolean {
  const first = tokenize(query)[0];
  return first !== undefined && QUESTION_WORDS.has(first);
}

/** The first index in sorted `words` whose word is not below `prefix`. */
function lowerBound(words: readonly string[], prefix: string): number {
  let lo = 0;
  let hi = words.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (words[mid]! < prefix) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Weighted terms of a query: its own words, then prefix expansions of unknown ones and related words. */
export function queryTerms(index: SearchIndex, query: string): Map<string, number> {
  const terms = new Map<string, number>();
  const add = (term: string, weight: number) => {
    if ((terms.get(term) ?? 0) < weight) terms.set(term, weight);
  };
  const words = analyze(query);
  for (const word of words) add(word, EXACT);
  for (const word of words) {
    if (!index.postings.has(word) && word.length >= 3) {
      const vocab = index.vocabulary;
      for (let i = lowerBound(vocab, word), k = 0; i < vocab.length && k < MAX_PREFIX; i++, k++) {
        if (!vocab[i]!.startsWith(word)) break;
        add(vocab[i]!, PREFIX);
      }
    }
    for (const related of relatedTerms(word)) add(related, RELATED);
  }
  return terms;
}

/**
 * The `limit` tools of the index that best match `query`: ranked lexical search (BM25F over the
 * query's words, prefix expansions of unknown words and related words, plus a bonus for each
 * word found in the tool's name). A question (`why …`,
 * `which …`) halves the score of tools that are not read-only; a query equal to a tool's name or
 * base name ranks it first. Ties keep name order; no match, no hit.
 */
export function searchTools(index: SearchIndex, query: string, limit: number): SearchHit[] {
  const scores = new Float64Array(index.tools.length);
  const touched: number[] = [];
  for (const [term, weight] of queryTerms(index, query)) {
    const posting = index.postings.get(term);
    if (posting === undefined) continue;
    const factor = weight * posting.idf;
    for (let i = 0; i < posting.docs.length; i++) {
      const doc = posting.docs[i]!;
      if (scores[doc] === 0) touched.push(doc);
      scores[doc]! += factor * posting.weights[i]!;
    }
    for (const doc of index.inName.get(term) ?? []) scores[doc]! += NAME_BONUS * factor;
  }
  if (isQuestion(query)) {
    for (const doc of touched) {
      if (!index.tools[doc]!.annotations.readOnly) scores[doc]! *= QUESTION_WRITE_FACTOR;
    }
  }
  const exact = index.exact.get(query.trim().toLowerCase()) ?? [];
  if (exact.length > 0) {
    const top = touched.reduce((max, d) => Math.max(max, scores[d]!), 0);
    for (const doc of exact) {
      if (scores[doc] === 0) touched.push(doc);
      scores[doc] = top + 1;
    }
  }
  const name = (d: number) => index.tools[d]!.name;
  const ranked = touched
    .filter((d) => scores[d]! > 0)
    .sort((a, b) => scores[b]! - scores[a]! || (name(a) < name(b) ? -1 : name(a) > name(b) ? 1 : 0))
    .slice(0, Math.max(0, Math.floor(limit)));
  return ranked.map((doc) => {
    const tool = index.tools[doc]!;
    const hit: SearchHit = {
      name: tool.name,
      description: tool.description,
      inputSchema: tool.inputSchema,
      score: Math.round(scores[doc]! * 1000) / 1000,
    };
    if (tool.title !== undefined) hit.title = tool.title;
    return hit;
  });
}
