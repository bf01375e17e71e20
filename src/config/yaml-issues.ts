import { type Document, isMap, isScalar, isSeq, type Node } from 'yaml';
import type { ConfigIssue } from './errors.js';
import { type ConfigSource, formatPath, type PathSegment } from './locate.js';

const SYNTAX_HINTS: Record<string, string> = {
  TAB_AS_INDENT: 'indent with spaces, not tabs',
  BLOCK_AS_IMPLICIT_KEY: 'quote values that contain ": ", or put a nested map on its own lines',
  MULTIPLE_DOCS: 'keep one YAML document per file (remove the extra "---")',
  BAD_INDENT: 'check the indentation and that every "[" or "{" is closed',
};

const FLOW_REFERENCE_HINT = `quote a \${VAR} inside { } or [ ], e.g. { token: "\${TOKEN}" }`;

/** YAML syntax errors as located issues: the first of each line (the rest are usually its echoes). */
export function syntaxIssues(doc: Document, text: string, source: ConfigSource): ConfigIssue[] {
  const lines = text.split('\n');
  const seen = new Set<number>();
  const issues: ConfigIssue[] = [];
  for (const err of doc.errors) {
    const pos = source.position(err.pos[0]);
    if (seen.has(pos.line)) continue;
    seen.add(pos.line);
    const message = `YAML syntax error: ${err.message.replace(/\.$/, '')}`;
    const issue: ConfigIssue = { file: source.file, ...pos, path: '', message };
    const line = lines[pos.line - 1] ?? '';
    const hint = /[{[].*\$\{/.test(line) ? FLOW_REFERENCE_HINT : SYNTAX_HINTS[err.code];
    if (hint !== undefined) issue.hint = hint;
    issues.push(issue);
  }
  return issues;
}

/** Keys given twice in one map (the YAML is parsed without rejecting them, to name them well). */
export function duplicateKeyIssues(doc: Document, source: ConfigSource): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const visit = (node: unknown, path: PathSegment[]): void => {
    if (isSeq(node)) {
      node.items.forEach((item, i) => {
        visit(item, [...path, i]);
      });
    }
    if (!isMap(node)) return;
    const seen = new Map<string, number>();
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
      const offset = (pair.key as Node | null)?.range?.[0] ?? 0;
      const first = seen.get(key);
      if (first === undefined) {
        seen.set(key, offset);
        visit(pair.value, [...path, key]);
        continue;
      }
      const { line } = source.position(first);
      const message = `duplicate ${describeKey(path, key)} (first declared at line ${line})`;
      issues.push({
        file: source.file,
        ...source.position(offset),
        path: formatPath([...path, key]),
        message,
        hint: 'rename or remove one of them',
      });
    }
  };
  visit(doc.contents, []);
  return issues;
}

function describeKey(parent: PathSegment[], key: string): string {
  const [top, system, section] = parent;
  if (parent.length === 1 && top === 'systems') return `system "${key}"`;
  if (parent.length === 1 && top === 'mcp_servers') return `MCP server "${key}"`;
  if (parent.length === 1 && top === 'views') return `view "${key}"`;
  if (parent.length === 3 && top === 'systems' && section === 'operations') {
    return `operation "${key}" in system "${String(system)}"`;
  }
  if (parent.at(-1) === 'arguments') return `argument "${key}"`;
  return `key "${key}"`;
}
