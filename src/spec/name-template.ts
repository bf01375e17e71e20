/** The placeholders a `naming.template` may use. */
export const NAME_PLACEHOLDERS = ['provider', 'instance', 'env', 'system', 'name', 'sep'] as const;

/** One placeholder name. */
export type NamePlaceholder = (typeof NAME_PLACEHOLDERS)[number];

/** A piece of a parsed template: literal text or a placeholder (known or not). */
export type TemplateToken =
  | { kind: 'literal'; text: string }
  | { kind: 'placeholder'; name: NamePlaceholder }
  | { kind: 'unknown'; name: string; text: string };

/** The template the `namespaced` strategy uses. */
export const NAMESPACED_TEMPLATE = '{provider}{sep}{instance}{sep}{name}';

const PLACEHOLDER = /\{([^{}]*)\}/g;

function isPlaceholder(name: string): name is NamePlaceholder {
  return (NAME_PLACEHOLDERS as readonly string[]).includes(name);
}

/** Split a template into literal text and `{placeholder}` tokens (unknown names kept as `unknown`). */
export function parseNameTemplate(template: string): TemplateToken[] {
  const tokens: TemplateToken[] = [];
  let last = 0;
  for (const match of template.matchAll(PLACEHOLDER)) {
    const at = match.index;
    if (at > last) tokens.push({ kind: 'literal', text: template.slice(last, at) });
    const name = match[1] ?? '';
    tokens.push(
      isPlaceholder(name) ? { kind: 'placeholder', name } : { kind: 'unknown', name, text: match[0] },
    );
    last = at + match[0].length;
  }
  if (last < template.length) tokens.push({ kind: 'literal', text: template.slice(last) });
  return tokens;
}

/** A rendered piece: a separator (dropped next to an empty value) or a value (dropped when empty). */
interface Piece {
  sep: boolean;
  text: string;
}

function pieces(tokens: readonly TemplateToken[], values: Record<NamePlaceholder, string>): Piece[] {
  const out: Piece[] = [];
  for (const token of tokens) {
    if (token.kind === 'placeholder') out.push({ sep: token.name === 'sep', text: values[token.name] });
    else {
      // Runs of `_`, `.` and `-` in literal text separate like `{sep}`.
      for (const run of token.text.match(/[_.-]+|[^_.-]+/g) ?? [])
        out.push({ sep: /^[_.-]+$/.test(run), text: run });
    }
  }
  return out;
}

/**
 * Render a template: each placeholder replaced by its value; an empty value is dropped together
 * with one adjacent separator (`{sep}` or a run of `_` `.` `-` in the literal text) — the one after
 * it, else the one before it — so `{provider}{sep}{instance}{sep}{name}` without an instance gives
 * `provider.name`, not `provider..name`.
 */
export function renderNameTemplate(
  tokens: readonly TemplateToken[],
  values: Record<NamePlaceholder, string>,
): string {
  const all = pieces(tokens, values);
  const out: Piece[] = [];
  for (let i = 0; i < all.length; i++) {
    const piece = all[i]!;
    if (piece.sep || piece.text.length > 0) {
      out.push(piece);
      continue;
    }
    if (all[i + 1]?.sep === true) i++;
    else if (out.at(-1)?.sep === true) out.pop();
  }
  return out.map((p) => p.text).join('');
}
