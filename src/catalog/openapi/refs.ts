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

/** What {@link breakCycles} did: `'object-cycle'` means it found an object cycle and left `doc` untouched. */
export type BreakCyclesOutcome = 'done' | 'object-cycle';

/**
 * Replace every `$ref` left by a dereference run with `circular: 'ignore'` (those are the refs on
 * or into cycles). A ref met in the document body is expanded once — a copy of its target whose
 * own remaining refs become shallow `{ type: 'object', description: 'Recursive X (see #/…)' }`
 * placeholders — so request bodies of recursive types still list their fields. Expansions are
 * memoized per ref, so the result is a finite, cycle-free tree (JSON.stringify works).
 * Returns `'object-cycle'`, changing nothing, when `doc` already holds an object cycle (a document
 * dereferenced with `circular: true`). Throws (with the location) on an external ref, which the
 * loader does not resolve.
 */
export function breakCycles(doc: Record<string, unknown>): BreakCyclesOutcome {
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

  // Phase 1: find every remaining $ref site (without touching the document), each object once,
  // noticing object cycles. The location is only spelled out for an error.
  const sites: {
    parent: Record<string | number, unknown>;
    key: string | number;
    ref: Record<string, unknown>;
  }[] = [];
  const onPath = new Set<object>();
  const done = new Set<object>();
  const keys: (string | number)[] = [];
  const location = (key: string | number): string => [...keys, key].join('.');
  /** False when an object cycle was found. */
  const walk = (node: object): boolean => {
    if (done.has(node)) return true;
    if (onPath.has(node)) return false;
    onPath.add(node);
    const list = Array.isArray(node);
    const entries = list ? node : Object.keys(node);
    for (let i = 0; i < entries.length; i++) {
      const key: string | number = list ? i : (entries[i] as string);
      const child = (node as Record<string | number, unknown>)[key];
      if (typeof child !== 'object' || child === null) continue;
      const ref = (child as Record<string, unknown>).$ref;
      if (!Array.isArray(child) && typeof ref === 'string') {
        if (!ref.startsWith('#/')) throw external(ref, location(key));
        sites.push({
          parent: node as Record<string | number, unknown>,
          key,
          ref: child as Record<string, unknown>,
        });
        continue;
      }
      keys.push(key);
      const finite = walk(child);
      keys.pop();
      if (!finite) return false;
    }
    onPath.delete(node);
    done.add(node);
    return true;
  };
  if (!walk(doc)) return 'object-cycle';

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
  return 'done';
}
