import { PorticoError } from '../errors/index.js';

/** One located problem in a config file. */
export interface ConfigIssue {
  /** The config file as given by the caller (e.g. `portico.yaml`). */
  file: string;
  /** 1-based line; 0 when the issue concerns the whole file (e.g. it does not exist). */
  line: number;
  /** 1-based column; 0 when `line` is 0. */
  column: number;
  /** Dotted path inside the document, e.g. `systems.billing.operations.get_invoice.method`; '' for the root. */
  path: string;
  /** Human message, complete on its own (includes expected/found when relevant). */
  message: string;
  expected?: string;
  /** What was found, as written in the file (never an interpolated value). */
  found?: string;
  /** How to fix it; may span several lines (e.g. YAML to add). */
  hint?: string;
}

/** The config error codes. */
export type ConfigErrorCode = 'config_invalid' | 'config_not_found' | 'config_env_missing';

const HEADLINES: Record<ConfigErrorCode, string> = {
  config_invalid: 'Invalid configuration',
  config_not_found: 'Configuration file not found',
  config_env_missing: 'Configuration uses environment variables that are not set',
};

/** A config file that cannot be used, with every issue found in it. */
export class ConfigError extends PorticoError {
  readonly issues: ConfigIssue[];

  constructor(code: ConfigErrorCode, issues: ConfigIssue[], options?: ErrorOptions) {
    super(code, `${HEADLINES[code]}:\n${formatConfigIssues(issues)}`, { issues }, options);
    this.name = 'ConfigError';
    this.issues = issues;
  }
}

/**
 * Render issues for a human, one per line (hints indented below), e.g.
 * `portico.yaml:12:7 systems.billing.base_ur: unknown key "base_ur" — did you mean "base_url"?`.
 */
export function formatConfigIssues(issues: readonly ConfigIssue[]): string {
  return issues.map(formatIssue).join('\n');
}

function formatIssue(issue: ConfigIssue): string {
  const where = issue.line > 0 ? `${issue.file}:${issue.line}:${issue.column}` : issue.file;
  const head = issue.path === '' ? `${where}: ${issue.message}` : `${where} ${issue.path}: ${issue.message}`;
  if (issue.hint === undefined) return head;
  return `${head}\n  hint: ${issue.hint.split('\n').join('\n        ')}`;
}

/** Sort issues by position and drop exact duplicates. */
export function sortIssues(issues: readonly ConfigIssue[]): ConfigIssue[] {
  const seen = new Set<string>();
  const unique = issues.filter((issue) => {
    const key = `${issue.line}:${issue.column}:${issue.path}:${issue.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return unique.sort((a, b) => a.line - b.line || a.column - b.column);
}
