import { PorticoError } from '../errors/index.js';
import type { NamingConfig } from '../spec/index.js';
import { capToolName, fullToolName, type NameSubject } from './naming.js';
import { formatSource } from './source.js';

/** The final names (same order as the subjects) and one warning per suffixed name. */
export interface AssignedNames {
  names: string[];
  warnings: string[];
}

/** SEP-986's upper bound, and the shortest cap that keeps a few characters before the hash. */
const MAX_LENGTH = 128;
const MIN_LENGTH = 16;

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Subject indices in the stable order collisions are settled in: owner, then base name. */
function stableOrder(subjects: readonly NameSubject[]): number[] {
  return subjects
    .map((_, i) => i)
    .sort(
      (a, b) =>
        compare(subjects[a]!.owner, subjects[b]!.owner) ||
        compare(subjects[a]!.baseName, subjects[b]!.baseName) ||
        a - b,
    );
}

/** Indices grouped by name, groups and members in `order`; only groups of two or more. */
function duplicates(names: readonly string[], order: readonly number[]): number[][] {
  const groups = new Map<string, number[]>();
  for (const i of order) {
    const group = groups.get(names[i]!);
    if (group === undefined) groups.set(names[i]!, [i]);
    else group.push(i);
  }
  return [...groups.values()].filter((g) => g.length > 1);
}

function describe(subject: NameSubject): string {
  return `${subject.label} (${formatSource(subject.source)})`;
}

function ownerDetails(subject: NameSubject) {
  return { owner: subject.owner, name: subject.baseName, source: subject.source };
}

/** `name_k` for the smallest k ≥ 2 not in `taken`, cut so it fits `maxLength`. */
function suffixed(name: string, taken: ReadonlySet<string>, maxLength: number): string {
  for (let k = 2; ; k++) {
    const suffix = `_${k}`;
    const candidate = `${name.slice(0, maxLength - suffix.length)}${suffix}`;
    if (!taken.has(candidate)) return candidate;
  }
}

/**
 * The final tool name of every subject (same order). Names are built by the naming strategy,
 * checked for duplicates, capped to `maxLength` (with a stable hash) and checked again, since two
 * different long names can shorten to the same string. Duplicates are settled in a stable order
 * (owner, then base name — never input order): with `on_collision: fail` the first duplicate is a
 * `config_invalid` error naming both owners; with `suffix` the first keeps the name and the others
 * get `_2`, `_3`, … (within `maxLength`), each with a warning naming both owners.
 */
export function assignToolNames(subjects: readonly NameSubject[], naming: NamingConfig): AssignedNames {
  const order = stableOrder(subjects);
  const warnings: string[] = [];
  const policy = `naming.on_collision: ${naming.onCollision}`;
  // The config layer bounds max_length to 16..128; a hand-built config still gets valid names.
  const maxLength = Math.min(Math.max(naming.maxLength, MIN_LENGTH), MAX_LENGTH);

  // 1. Duplicate full names (two owners produce the same name).
  const full = subjects.map((s) => fullToolName(s, naming));
  const taken = new Set(full);
  const renamed: { keeper: number; other: number; name: string }[] = [];
  for (const [first, ...rest] of duplicates(full, order)) {
    for (const i of rest) {
      if (naming.onCollision === 'fail')
        throw duplicateError(full[i]!, subjects[first!]!, subjects[i]!, naming);
      renamed.push({ keeper: first!, other: i, name: full[i]! });
      full[i] = suffixed(full[i]!, taken, Number.POSITIVE_INFINITY);
      taken.add(full[i]!);
    }
  }

  // 2. Cap, then duplicates the cap created (a shortened name equal to another name).
  const names = full.map((n) => capToolName(n, maxLength));
  const final = new Set(names);
  for (const [first, ...rest] of duplicates(names, order)) {
    for (const i of rest) {
      const [keeper, other] = [subjects[first!]!, subjects[i]!];
      const both =
        `"${full[first!]}" (${describe(keeper)}) and "${full[i]}" (${describe(other)}) both become ` +
        `"${names[i]}" within naming.max_length ${maxLength}`;
      if (naming.onCollision === 'fail') {
        throw new PorticoError(
          'config_invalid',
          `Duplicate tool name after shortening: ${both}; raise naming.max_length, rename one of them, ` +
            'or set naming.on_collision: suffix.',
          { tool: names[i], owners: [ownerDetails(keeper), ownerDetails(other)] },
        );
      }
      names[i] = suffixed(names[i]!, final, maxLength);
      final.add(names[i]!);
      warnings.push(`naming: ${both}; the second is published as "${names[i]}" (${policy}).`);
    }
  }
  const early = renamed.map(
    ({ keeper, other, name }) =>
      `naming: ${describe(subjects[keeper]!)} and ${describe(subjects[other]!)} both produce the tool name ` +
      `"${name}"; the second is published as "${names[other]}" (${policy}).`,
  );
  return { names, warnings: [...early, ...warnings] };
}

function duplicateError(name: string, a: NameSubject, b: NameSubject, naming: NamingConfig): PorticoError {
  const hint =
    naming.strategy === 'flat'
      ? 'rename or exclude one of them, set naming.strategy: namespaced to prefix tools with their ' +
        "system's identity, or set naming.on_collision: suffix."
      : 'rename or exclude one of them, give the systems distinct identities, or set naming.on_collision: suffix.';
  return new PorticoError(
    'config_invalid',
    `Duplicate tool name "${name}": ${describe(a)} and ${describe(b)}; ${hint}`,
    {
      tool: name,
      owners: [ownerDetails(a), ownerDetails(b)],
    },
  );
}
