/** Words that carry no meaning for tool search (dropped from queries and tool texts alike). */
const STOP_WORDS = new Set(
  (
    'a an the and or but nor of for to in on at by with from into onto about as via per than then so ' +
    'is are was were be been being am do does did done doing has have had having will would shall ' +
    'should can could may might must it its this that these those there here their them they my mine ' +
    'our ours your yours we you i me us he she his her him what which who whom whose when where how ' +
    'please some any all each every just also too very not no if up out off over only own same such ' +
    'eg etc ie let lets want need like'
  ).split(' '),
);

/** True for a stop word (lowercase). */
export function isStopWord(word: string): boolean {
  return STOP_WORDS.has(word);
}

/**
 * Lowercase words of a text or identifier: splits on anything but letters and digits and on
 * camelCase / acronym boundaries (`getHTTPServer_list-v2` → `get`, `http`, `server`, `list`,
 * `v2`). One-letter words are dropped.
 */
export function tokenize(text: string): string[] {
  return text
    .replace(/(\p{Ll}|\p{N})(\p{Lu})/gu, '$1 $2')
    .replace(/(\p{Lu})(\p{Lu}\p{Ll})/gu, '$1 $2')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 1);
}

const VOWEL = /[aeiouy]/;

/** Drop one letter of a final double consonant (`mapp` → `map`), except `ll`, `ss`, `zz`. */
function undouble(word: string): string {
  const last = word.at(-1);
  if (
    last !== undefined &&
    last === word.at(-2) &&
    /[b-df-hj-km-rtv-xz]/.test(last) &&
    !'lsz'.includes(last)
  ) {
    return word.slice(0, -1);
  }
  return word;
}

/**
 * A light English stemmer, so that word forms meet: plurals (`errors` → `error`, `summaries` →
 * `summary`, `classes` → `class`), `-ing` / `-ed` (`failing`, `failed` → `fail`; `mapping` →
 * `map`), `-ure` (`failure` → `fail`) and a final `e` (`update`, `updated` → `updat`). Words with
 * digits are kept as they are.
 */
export function stem(word: string): string {
  if (word.length < 3 || /\d/.test(word)) return word;
  let w = word;
  if (w.length > 4 && w.endsWith('ies')) w = `${w.slice(0, -3)}y`;
  else if (/(?:sses|ches|shes|xes|zzes|uses)$/.test(w)) w = w.slice(0, -2);
  else if (w.endsWith('s') && !/(?:ss|us|is)$/.test(w)) w = w.slice(0, -1);
  if (w.length < 4) return w;
  if (w.endsWith('ing') && w.length >= 6 && VOWEL.test(w.slice(0, -3))) w = undouble(w.slice(0, -3));
  else if (w.endsWith('ed') && w.length >= 5 && VOWEL.test(w.slice(0, -2))) w = undouble(w.slice(0, -2));
  else if (w.endsWith('ure') && w.length >= 7) w = w.slice(0, -3);
  else if (w.endsWith('ly') && w.length >= 6 && !w.endsWith('ily')) w = w.slice(0, -2);
  if (w.length >= 4 && w.endsWith('e') && !w.endsWith('ee')) w = w.slice(0, -1);
  return w;
}

/** Search terms of a text: tokenized, stop words dropped, stemmed. */
export function analyze(text: string): string[] {
  const out: string[] = [];
  for (const word of tokenize(text)) {
    if (!isStopWord(word)) out.push(stem(word));
  }
  return out;
}
