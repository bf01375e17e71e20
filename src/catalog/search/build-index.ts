import type { CatalogTool } from '../types.js';
import { analyze } from './analyze.js';
import { FIELDS } from './fields.js';
import type { Posting, SearchIndex } from './types.js';

/** BM25 term-frequency saturation. */
export const K1 = 1.2;

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}

/**
 * Index `tools` for {@link searchTools}: BM25F over their name, title, parameter names,
 * description, owner/provider/tags and parameter descriptions (fields weighted and length-
 * normalized separately). Built once per view; a query then only touches its terms' postings.
 */
export function buildSearchIndex(tools: readonly CatalogTool[]): SearchIndex {
  const n = tools.length;
  const analyzed = tools.map((tool) => FIELDS.map((field) => analyze(field.text(tool))));
  const avg = FIELDS.map((_, f) => {
    const total = analyzed.reduce((sum, fields) => sum + fields[f]!.length, 0);
    return n > 0 && total > 0 ? total / n : 1;
  });
  const docsByTerm = new Map<string, number[]>();
  const weightsByTerm = new Map<string, number[]>();
  analyzed.forEach((fields, doc) => {
    const tf = new Map<string, number>();
    fields.forEach((terms, f) => {
      const field = FIELDS[f]!;
      const norm = field.weight / (1 - field.b + (field.b * terms.length) / avg[f]!);
      for (const term of terms) tf.set(term, (tf.get(term) ?? 0) + norm);
    });
    for (const [term, value] of tf) {
      pushTo(docsByTerm, term, doc);
      pushTo(weightsByTerm, term, (value * (K1 + 1)) / (K1 + value));
    }
  });
  const postings = new Map<string, Posting>();
  for (const [term, docs] of docsByTerm) {
    const df = docs.length;
    postings.set(term, {
      idf: Math.log(1 + n / df),
      docs: Int32Array.from(docs),
      weights: Float64Array.from(weightsByTerm.get(term)!),
    });
  }
  const inName = new Map<string, number[]>();
  const nameField = FIELDS.findIndex((f) => f.name === 'name');
  analyzed.forEach((fields, doc) => {
    for (const term of new Set(fields[nameField])) pushTo(inName, term, doc);
  });
  const exact = new Map<string, number[]>();
  tools.forEach((tool, doc) => {
    for (const key of new Set([tool.name.toLowerCase(), tool.baseName.toLowerCase()]))
      pushTo(exact, key, doc);
  });
  return {
    tools,
    postings,
    inName: new Map([...inName].map(([term, docs]) => [term, Int32Array.from(docs)])),
    vocabulary: [...postings.keys()].sort(),
    exact,
  };
}
