import { isMap, isPair, isScalar, isSeq, parse, parseDocument } from 'yaml';

/** Anchors a document may expand (billion-laughs guard, well above what real documents use). */
const MAX_ALIAS_COUNT = 10_000;

/** Whether some mapping repeats a scalar key (the `yaml` library's own `uniqueKeys` rule). */
function hasDuplicateKey(node: unknown): boolean {
  if (isPair(node)) return hasDuplicateKey(node.key) || hasDuplicateKey(node.value);
  if (isSeq(node)) return node.items.some(hasDuplicateKey);
  if (!isMap(node)) return false;
  const keys = new Set<unknown>();
  for (const pair of node.items) {
    const key = pair.key;
    if (isScalar(key) && !Number.isNaN(key.value)) {
      if (keys.has(key.value)) return true;
      keys.add(key.value);
    }
    if (hasDuplicateKey(pair)) return true;
  }
  return false;
}

/**
 * `YAML.parse(text, { maxAliasCount })`, in linear time: the library checks each mapping's keys for
 * duplicates against every earlier key (quadratic: ~6 s for the 10,000 entries of a 10,000-path
 * document), so the document is parsed without that check and the keys are then checked with a
 * set. When some key is repeated, the library's own parse runs to throw its usual located error
 * (`Map keys must be unique at line …`), so errors read exactly as before. Throws like `YAML.parse`.
 */
export function parseYaml(text: string): unknown {
  const doc = parseDocument(text, { uniqueKeys: false });
  if (hasDuplicateKey(doc.contents)) return parse(text, { maxAliasCount: MAX_ALIAS_COUNT });
  for (const warning of doc.warnings) process.emitWarning(warning);
  if (doc.errors.length > 0) throw doc.errors[0];
  return doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
}
