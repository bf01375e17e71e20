import { LineCounter, parseDocument } from 'yaml';
import type { PorticoConfig } from '../spec/index.js';
import { ConfigError, type ConfigIssue, sortIssues } from './errors.js';
import { type Env, interpolate } from './interpolate.js';
import { ConfigSource } from './locate.js';
import { normalizeConfig } from './normalize.js';
import { configSchema } from './schema.js';
import { checkSemantics } from './semantic.js';
import { duplicateKeyIssues, syntaxIssues } from './yaml-issues.js';
import { mapZodIssues } from './zod-issues.js';

const EMPTY_HINT =
  'declare at least one system, e.g.:\nsystems:\n  billing:\n    base_url: https://billing.example.com/api';

/**
 * Parse, interpolate, validate and normalize the text of a `portico.yaml` (pure: no I/O).
 * `file` names the file in issues and sources; `baseDir` is its directory.
 * @throws {ConfigError} with every issue found (`config_env_missing` when the only issues are unset variables).
 */
export function parseConfig(text: string, file: string, env: Env): PorticoConfig {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: false, prettyErrors: false });
  const source = new ConfigSource(file, text, doc, lineCounter);
  if (doc.errors.length > 0)
    throw new ConfigError('config_invalid', sortIssues(syntaxIssues(doc, text, source)));

  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    const message = `cannot read the YAML: ${err instanceof Error ? err.message : String(err)}`;
    throw new ConfigError('config_invalid', [{ file, line: 1, column: 1, path: '', message }]);
  }
  if (raw === null || raw === undefined) {
    const issue = {
      file,
      line: 1,
      column: 1,
      path: '',
      message: 'the configuration is empty',
      hint: EMPTY_HINT,
    };
    throw new ConfigError('config_invalid', [issue]);
  }

  const interpolated = interpolate(raw, env, source);
  const { value } = interpolated;
  const parsed = configSchema.safeParse(value);
  const checked = [
    ...(parsed.success
      ? []
      : mapZodIssues(parsed.error.issues, { source, schema: configSchema, value, raw })),
    ...checkSemantics(value, raw, source),
  ];
  const issues = [
    ...duplicateKeyIssues(doc, source),
    ...interpolated.invalid,
    ...interpolated.missing,
    ...checked.filter((issue) => !isUnder(issue, interpolated.failedPaths)),
  ];
  if (issues.length > 0 || !parsed.success) {
    throw new ConfigError(codeFor(issues, interpolated.missing), sortIssues(issues));
  }
  return normalizeConfig(parsed.data, value, source, file);
}

function isUnder(issue: ConfigIssue, paths: Set<string>): boolean {
  for (const path of paths) {
    if (issue.path === path || issue.path.startsWith(`${path}.`) || issue.path.startsWith(`${path}[`))
      return true;
  }
  return false;
}

function codeFor(issues: ConfigIssue[], missing: ConfigIssue[]) {
  return issues.length > 0 && issues.every((issue) => missing.includes(issue))
    ? 'config_env_missing'
    : 'config_invalid';
}
