function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Resolve an internal JSON pointer (`#/components/schemas/Node`) against the document. */
function resolvePointer(doc: unknown, ref: string): unknown {
  let node: unknown = doc;
  for (const raw of ref.slice(2).split('/')) {
    let key = raw;
    try {
      key = decodeURIComponent(raw);
    } catch {
      // not percent-encoded: keep as is
    }
    key = key.replace(/~1/g, '/').replace(/~0/g, '~');
    if (!isRecord(node) && !Array.isArray(node)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

const join = (at: string, key: string | number): string => (at.length === 0 ? String(key) : `${at}.${key}`);

/** The shallow stand-in for a recursive reference (typed like its target when that is known). */
function placeholder(
  ref: string,
  siblings: Record<string, unknown>,
  target?: unknown,
): Record<string, unknown> {
  const name = ref.slice(ref.lastIndexOf('/') + 1);
  const { $ref: _ref, ...rest } = siblings;
  const type = isRecord(target)
    ? (target.type ?? (isRecord(target.properties) ? 'object' : undefined))
    : 'object';
  const out: Record<string, unknown> = type === undefined ? {} : { type };
  out.description = `Recursive ${name} (see ${ref})`;
  return { ...out, ...rest };
}

/**
 * Replace every `$ref` left by a dereference run with `circular: 'ignore'` (those are the refs on
 * or into cycles). A ref met in the document body is expanded once — a copy of its target whose
 * own remaining refs become shallow `{ type: 'object', description: 'Recursive X (see #/…)' }`
 * placeholders — so request bodies of recursive types still list their fields. Expansions are
 * memoized per ref, so the result is a finite, cycle-free tree (JSON.stringify works).
 * Throws (with the location) on an external ref, which the loader does not resolve.
 */
export function breakCycles(doc: Record<string, unknown>): void {
  const external = (ref: string, at: string): Error =>
    new Error(
      `external $ref "${ref}" at ${at} is not supported; bundle the document into one file first (e.g. \`npx @redocly/cli bundle\`)`,
    );
  const copies = new WeakMap<object, unknown>();
  const shallow = (value: unknown, at: string): unknown => {
    if (!isRecord(value) && !Array.isArray(value)) return value;
    const hit = copies.get(value);
    if (hit !== undefined) return hit;
    let out: unknown;
    if (Array.isArray(value)) {
      out = value.map((v, i) => shallow(v, `${at}.${i}`));
    } else if (typeof value.$ref === 'string') {
      if (!value.$ref.startsWith('#/')) throw external(value.$ref, at);
      out = placeholder(value.$ref, value, resolvePointer(doc, value.$ref));
    } else {
      out = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, shallow(v, `${at}.${k}`)]));
    }
    copies.set(value, out);
    return out;
  };

  // Phase 1: find every remaining $ref site (without touching the document).
  const sites: {
    parent: Record<string | number, unknown>;
    key: string | number;
    ref: Record<string, unknown>;
  }[] = [];
  const seen = new WeakSet<object>();
  const walk = (node: unknown, at: string): void => {
    if ((!isRecord(node) && !Array.isArray(node)) || seen.has(node)) return;
    seen.add(node);
    const entries: [string | number, unknown][] = Array.isArray(node)
      ? [...node.entries()]
      : Object.entries(node);
    for (const [key, child] of entries) {
      if (isRecord(child) && typeof child.$ref === 'string') {
        if (!child.$ref.startsWith('#/')) throw external(child.$ref, join(at, key));
        sites.push({ parent: node as Record<string | number, unknown>, key, ref: child });
      } else {
        walk(child, join(at, key));
      }
    }
  };
  walk(doc, '');

  // Phase 2: expand each distinct ref once against the untouched document, then splice in.
  const expanded = new Map<string, unknown>();
  for (const { ref } of sites) {
    const pointer = ref.$ref as string;
    if (expanded.has(pointer)) continue;
    const target = resolvePointer(doc, pointer);
    expanded.set(pointer, target === undefined ? placeholder(pointer, {}) : shallow(target, pointer));
  }
  for (const { parent, key, ref } of sites) {
    const target = expanded.get(ref.$ref as string);
    const { $ref: _ref, ...siblings } = ref;
    parent[key] = Object.keys(siblings).length > 0 && isRecord(target) ? { ...target, ...siblings } : target;
  }
}
