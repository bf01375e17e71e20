import { type Document, isAlias, isMap, isScalar, isSeq, type LineCounter, type Node } from 'yaml';
import type { SourceLocation } from '../spec/index.js';
import type { ConfigIssue } from './errors.js';

/** One step of a path inside the document: a map key or a list index. */
export type PathSegment = string | number;

/** `['systems', 'billing', 'base_url']` → `systems.billing.base_url`; indices render as `[0]`. */
export function formatPath(path: readonly PathSegment[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else out += out === '' ? seg : `.${seg}`;
  }
  return out;
}

/** What an issue points at: the key of a map entry, its value, or a substring of its value. */
export type IssueTarget = 'key' | 'value' | { within: string };

/** Extra, optional fields of an issue. */
export type IssueExtras = Pick<ConfigIssue, 'expected' | 'found' | 'hint'>;

interface Step {
  key?: Node;
  value?: Node;
}

/** A parsed YAML document with the means to turn document paths into file positions. */
export class ConfigSource {
  constructor(
    readonly file: string,
    private readonly text: string,
    private readonly doc: Document,
    private readonly lines: LineCounter,
  ) {}

  /** Position of the value at `path` (or of the nearest existing ancestor). */
  valuePosition(path: readonly PathSegment[], needle?: string): { line: number; column: number } {
    const { step, complete } = this.walk(path);
    const value = complete && step.value && !isEmpty(step.value) ? step.value : undefined;
    const node = value ?? step.key ?? step.value;
    const range = node?.range;
    if (!range) return { line: 1, column: 1 };
    let offset = range[0];
    if (needle !== undefined && value) {
      const at = this.text.slice(range[0], range[1]).indexOf(needle);
      if (at >= 0) offset += at;
    }
    return this.position(offset);
  }

  /** Position of the key of the entry at `path` (its value's position for list items). */
  keyPosition(path: readonly PathSegment[]): { line: number; column: number } {
    const { step, complete } = this.walk(path);
    if (complete && step.key?.range) return this.position(step.key.range[0]);
    return this.valuePosition(path);
  }

  /** A located issue. */
  issue(
    path: readonly PathSegment[],
    target: IssueTarget,
    message: string,
    extras: IssueExtras = {},
  ): ConfigIssue {
    const pos =
      target === 'key'
        ? this.keyPosition(path)
        : this.valuePosition(path, target === 'value' ? undefined : target.within);
    const issue: ConfigIssue = { file: this.file, ...pos, path: formatPath(path), message };
    for (const name of ['expected', 'found', 'hint'] as const) {
      const value = extras[name];
      if (value !== undefined) issue[name] = value;
    }
    return issue;
  }

  /** The source location of the entry at `path` (its key). */
  location(path: readonly PathSegment[]): SourceLocation {
    return { file: this.file, ...this.keyPosition(path), path: formatPath(path) };
  }

  /** Position of a character offset in the text. */
  position(offset: number): { line: number; column: number } {
    const { line, col } = this.lines.linePos(offset);
    return { line, column: col };
  }

  private walk(path: readonly PathSegment[]): { step: Step; complete: boolean } {
    let step: Step = this.doc.contents ? { value: this.doc.contents } : {};
    for (const seg of path) {
      const next = this.child(step.value, seg);
      if (!next) return { step, complete: false };
      step = next;
    }
    return { step, complete: true };
  }

  private child(node: Node | undefined, seg: PathSegment): Step | undefined {
    const target = isAlias(node) ? node.resolve(this.doc) : node;
    if (isMap(target)) {
      const pair = target.items.findLast(
        (p) => (isScalar(p.key) ? String(p.key.value) : String(p.key)) === String(seg),
      );
      if (!pair) return undefined;
      const step: Step = {};
      if (isNode(pair.key)) step.key = pair.key;
      if (isNode(pair.value)) step.value = pair.value;
      return step;
    }
    if (isSeq(target) && typeof seg === 'number') {
      const item = target.items[seg];
      return isNode(item) ? { value: item } : undefined;
    }
    return undefined;
  }
}

function isNode(value: unknown): value is Node {
  return isScalar(value) || isMap(value) || isSeq(value) || isAlias(value);
}

function isEmpty(node: Node): boolean {
  return isScalar(node) && node.value === null && (node.range?.[0] ?? 0) === (node.range?.[1] ?? 0);
}

/** The value at `path` in a plain JS value (undefined when absent). */
export function valueAt(root: unknown, path: readonly PathSegment[]): unknown {
  let cur = root;
  for (const seg of path) {
    if (cur === null || typeof cur !== 'object' || !Object.hasOwn(cur, seg)) return undefined;
    cur = (cur as Record<PathSegment, unknown>)[seg];
  }
  return cur;
}
