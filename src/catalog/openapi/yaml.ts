import { isMap, isPair, isScalar, isSeq, parse, parseDocument } from 'yaml';

/** Anchors a document may expand (billion-laughs guard, well above what real documents use). */
const MAX_ALIAS_COUNT = 10_000;

/** What one walk over the parsed YAML tree found. */
interface Inspection {
  /** Some mapping repeats a scalar key (the `yaml` library's own `uniqueKeys` rule). */
  duplicateKey: boolean;
  /** Some scalar has no exact JSON form (`.inf`, `.nan`, or a non-JSON type from a custom tag). */
  nonJson: boolean;
}

function isJsonScalar(value: unknown): boolean {
  if (typeof value === 'number') return Number.isFinite(value);
  return value === null || typeof value === 'string' || typeof value === 'boolean';
}

function inspect(root: unknown): Inspection {
  const found: Inspection = { duplicateKey: false, nonJson: false };
  const visit = (node: unknown): void => {
    if (found.duplicateKey) return;
    if (isScalar(node)) {
      if (!isJsonScalar(node.value)) found.nonJson = true;
    } else if (isPair(node)) {
      visit(node.key);
      visit(node.value);
    } else if (isSeq(node)) {
      for (const item of node.items) visit(item);
    } else if (isMap(node)) {
      const keys = new Set<unknown>();
      for (const pair of node.items) {
        const key = pair.key;
        if (isScalar(key) && !Number.isNaN(key.value)) {
          if (keys.has(key.value)) {
            found.duplicateKey = true;
            return;
          }
          keys.add(key.value);
        }
        visit(pair);
      }
    }
  };
  visit(root);
  return found;
}

/** A parsed YAML document, and the JSON text it was read back from (when it has an exact JSON form). */
export interface ParsedYaml {
  value: unknown;
  json?: string;
}

/**
 * `YAML.parse(text, { maxAliasCount })`, in linear time and with a compact result:
 * - the library checks each mapping's keys for duplicates against every earlier key (quadratic:
 *   ~3 s of the ~5 s a 10,000-path document takes), so the document is parsed without that check
 *   and the keys are then checked with a set. When some key is repeated, the library's own parse
 *   runs to throw its usual located error (`Map keys must be unique at line …`), so errors read
 *   exactly as before;
 * - objects built key by key take several times the heap of the same objects made by
 *   `JSON.parse` (~46 MB against ~13 MB for a 10,000-path document, kept for as long as the
 *   catalogue serves it), so a value with an exact JSON form is passed through JSON once (~0.1 s),
 *   and that JSON text is returned too, for a cheap second copy.
 * Throws like `YAML.parse`.
 */
export function parseYaml(text: string): ParsedYaml {
  const doc = parseDocument(text, { uniqueKeys: false });
  const found = inspect(doc.contents);
  if (found.duplicateKey) return { value: parse(text, { maxAliasCount: MAX_ALIAS_COUNT }) };
  for (const warning of doc.warnings) process.emitWarning(warning);
  if (doc.errors.length > 0) throw doc.errors[0];
  const value: unknown = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  if (found.nonJson) return { value };
  const json = JSON.stringify(value);
  return { value: JSON.parse(json), json };
}
