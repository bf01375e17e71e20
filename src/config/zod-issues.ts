import type { z } from 'zod';
import { suggestionSuffix } from '../suggest/index.js';
import { describeExpected, describeFound } from './describe.js';
import type { ConfigIssue } from './errors.js';
import { type ConfigSource, type PathSegment, valueAt } from './locate.js';
import { allowedKeys } from './schema-keys.js';

type ZodIssue = z.core.$ZodIssue;

/** What the zod issues are checked against. */
export interface ZodIssueContext {
  source: ConfigSource;
  schema: z.ZodType;
  /** The validated (interpolated) data. */
  value: unknown;
  /** The data as written in the file (before interpolation): what `found` shows. */
  raw: unknown;
}

/** Turn zod issues into located config issues with YAML-friendly wording. */
export function mapZodIssues(issues: readonly ZodIssue[], ctx: ZodIssueContext, prefix: PathSegment[] = []) {
  return issues.flatMap((issue) => mapIssue(issue, ctx, [...prefix, ...toPath(issue.path)]));
}

function toPath(path: readonly PropertyKey[]): PathSegment[] {
  return path.filter((seg): seg is PathSegment => typeof seg !== 'symbol');
}

function mapIssue(issue: ZodIssue, ctx: ZodIssueContext, path: PathSegment[]): ConfigIssue[] {
  const { source } = ctx;
  const rawValue = valueAt(ctx.raw, path);
  const found = describeFound(rawValue);
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((key) => unknownKey(ctx, path, key));
    case 'invalid_type': {
      const expected = describeExpected(issue.expected);
      if (rawValue === undefined && path.length > 0) {
        return [source.issue(path, 'key', `missing required key "${path.at(-1)}"`, { expected })];
      }
      return [source.issue(path, 'value', `expected ${expected}, found ${found}`, { expected, found })];
    }
    case 'invalid_value':
      return [oneOf(ctx, path, issue.values.map(String))];
    case 'invalid_union':
      return invalidUnion(issue, ctx, path);
    case 'too_small':
    case 'too_big': {
      const expected = sizeExpectation(issue);
      return [source.issue(path, 'value', `expected ${expected}, found ${found}`, { expected, found })];
    }
    default:
      return [source.issue(path, 'value', issue.message, { found })];
  }
}

function unknownKey(ctx: ZodIssueContext, path: PathSegment[], key: string): ConfigIssue {
  const present = Object.keys((valueAt(ctx.value, path) as object | undefined) ?? {});
  const allowed = allowedKeys(ctx.schema, path, ctx.value);
  const candidates = allowed.filter((k) => !present.includes(k));
  const suffix = suggestionSuffix(key, candidates);
  const extras = { expected: `one of ${allowed.join(', ')}`, found: JSON.stringify(key) };
  const hint = suffix === '' && allowed.length > 0 ? { hint: `valid keys here: ${allowed.join(', ')}` } : {};
  return ctx.source.issue([...path, key], 'key', `unknown key "${key}"${suffix}`, { ...extras, ...hint });
}

function oneOf(ctx: ZodIssueContext, path: PathSegment[], values: string[]): ConfigIssue {
  const rawValue = valueAt(ctx.raw, path);
  const expected = `one of ${values.join(', ')}`;
  if (rawValue === undefined) {
    return ctx.source.issue(path, 'key', `missing required key "${path.at(-1)}" (${expected})`, { expected });
  }
  const found = describeFound(rawValue);
  // Suggest only from what was written, never from an interpolated value.
  const suffix =
    typeof rawValue === 'string' && !rawValue.includes('${') ? suggestionSuffix(rawValue, values) : '';
  return ctx.source.issue(path, 'value', `expected ${expected}, found ${found}${suffix}`, {
    expected,
    found,
  });
}

function invalidUnion(
  issue: Extract<ZodIssue, { code: 'invalid_union' }>,
  ctx: ZodIssueContext,
  path: PathSegment[],
): ConfigIssue[] {
  if ('options' in issue && Array.isArray(issue.options)) {
    return [oneOf(ctx, path, issue.options.map(String))];
  }
  const branches = issue.errors ?? [];
  const value = valueAt(ctx.value, path);
  // The branch that got past the root type check is the one the author meant: report its issues.
  const meant = branches.find((errs) => errs.some((e) => e.path.length > 0 || rootMatch(e, value)));
  if (meant) return mapZodIssues(meant, ctx, path);
  const expecteds = branches.flatMap((errs) =>
    errs.flatMap((e) =>
      e.code === 'invalid_type'
        ? [describeExpected(e.expected)]
        : e.code === 'invalid_value'
          ? [`one of ${e.values.join(', ')}`]
          : [],
    ),
  );
  const expected = [...new Set(expecteds)].join(' or ');
  const found = describeFound(valueAt(ctx.raw, path));
  return [ctx.source.issue(path, 'value', `expected ${expected}, found ${found}`, { expected, found })];
}

/** True when a root-level issue of a union branch still shows the value has the branch's type. */
function rootMatch(issue: ZodIssue, value: unknown): boolean {
  if (issue.code === 'invalid_type') return false;
  if (issue.code === 'invalid_value') return issue.values.some((v) => typeof v === typeof value);
  return true;
}

function sizeExpectation(issue: Extract<ZodIssue, { code: 'too_small' | 'too_big' }>): string {
  const small = issue.code === 'too_small';
  const bound = Number(
    small ? (issue as { minimum: unknown }).minimum : (issue as { maximum: unknown }).maximum,
  );
  const inclusive = issue.inclusive !== false;
  if (issue.origin === 'string' && small && bound === 1) return 'a non-empty string';
  if (issue.origin === 'string') return `a string of ${small ? 'at least' : 'at most'} ${bound} characters`;
  if (issue.origin === 'array' && small && bound === 1) return 'a non-empty list';
  if (issue.origin === 'array') return `a list of ${small ? 'at least' : 'at most'} ${bound} items`;
  const op = small ? (inclusive ? '>=' : '>') : inclusive ? '<=' : '<';
  return `a number ${op} ${bound}`;
}
