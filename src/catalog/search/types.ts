import type { JsonSchema } from '../../spec/index.js';
import type { CatalogTool } from '../types.js';

/** Where one term occurs: documents and their precomputed BM25F term scores. */
export interface Posting {
  /** Inverse document frequency of the term. */
  idf: number;
  /** Document (tool) indexes. */
  docs: Int32Array;
  /** Saturated, length-normalized, field-weighted term frequency per document (same order). */
  weights: Float64Array;
}

/** A ranked search index over one view's tools, built once and queried many times. */
export interface SearchIndex {
  readonly tools: readonly CatalogTool[];
  /** Postings by stemmed term. */
  readonly postings: ReadonlyMap<string, Posting>;
  /** Tools whose name holds the term, by stemmed term (a name match earns a bonus). */
  readonly inName: ReadonlyMap<string, Int32Array>;
  /** Every indexed term, sorted (for prefix lookups). */
  readonly vocabulary: readonly string[];
  /** Tool indexes by lower-cased name and base name (an exact-name query ranks them first). */
  readonly exact: ReadonlyMap<string, readonly number[]>;
}

/** One search result. */
export interface SearchHit {
  name: string;
  title?: string;
  description: string;
  inputSchema: JsonSchema;
  score: number;
}
