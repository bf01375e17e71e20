export { analyze, isStopWord, stem, tokenize } from './analyze.js';
export { buildSearchIndex } from './build-index.js';
export { queryTerms, searchTools } from './query.js';
export { relatedTerms } from './synonyms.js';
export type { Posting, SearchHit, SearchIndex } from './types.js';
