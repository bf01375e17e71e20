import type { OpenApiFilter } from '../../spec/index.js';
import { globToRegExp } from '../glob.js';

/** What a filter is matched against. */
export interface FilterCandidate {
  /** The operation's name (sanitized operationId or fallback). */
  name: string;
  operationId?: string;
  tags: readonly string[];
  path: string;
}

interface CompiledFilter {
  label: string;
  tags: string[];
  operations: string[];
  paths: { glob: string; re: RegExp }[];
  used: Set<string>;
}

function compile(label: string, filter: OpenApiFilter | undefined): CompiledFilter | undefined {
  if (filter === undefined) return undefined;
  if (filter.tags.length + filter.operations.length + filter.paths.length === 0) return undefined;
  const paths = filter.paths.map((glob) => ({ glob, re: globToRegExp(glob) }));
  return { label, tags: filter.tags, operations: filter.operations, paths, used: new Set() };
}

/** True when any entry of the filter matches (every entry is evaluated, to record which were used). */
function matches(f: CompiledFilter, c: FilterCandidate): boolean {
  let hit = false;
  const mark = (entry: string): void => {
    f.used.add(entry);
    hit = true;
  };
  for (const tag of f.tags) if (c.tags.includes(tag)) mark(`tags:${tag}`);
  for (const op of f.operations) if (op === c.name || op === c.operationId) mark(`operations:${op}`);
  for (const { glob, re } of f.paths) if (re.test(c.path)) mark(`paths:${glob}`);
  return hit;
}

/** The include/exclude selection of one OpenAPI import. */
export interface OperationFilter {
  /** True when the operation is imported. */
  accepts(candidate: FilterCandidate): boolean;
  /** One warning per filter entry that matched no operation (likely a typo). */
  unusedEntries(): string[];
}

/**
 * Build the selection: an operation is imported when `include` is empty/absent or any of its
 * entries (tag, operation name or operationId, path glob) matches it, and no `exclude` entry does.
 * Exclude wins over include.
 */
export function createOperationFilter(
  include: OpenApiFilter | undefined,
  exclude: OpenApiFilter | undefined,
): OperationFilter {
  const inc = compile('include', include);
  const exc = compile('exclude', exclude);
  return {
    accepts(candidate) {
      const included = inc === undefined || matches(inc, candidate);
      const excluded = exc !== undefined && matches(exc, candidate);
      return included && !excluded;
    },
    unusedEntries() {
      const out: string[] = [];
      for (const f of [inc, exc]) {
        if (f === undefined) continue;
        const entries = [
          ...f.tags.map((t) => `tags:${t}`),
          ...f.operations.map((o) => `operations:${o}`),
          ...f.paths.map((p) => `paths:${p.glob}`),
        ];
        for (const e of entries) {
          if (!f.used.has(e)) out.push(`${f.label}.${e.replace(':', ' entry "')}" matched no operation`);
        }
      }
      return out;
    },
  };
}
