import { suggestionSuffix } from '../suggest/index.js';
import type { PathSegment } from './locate.js';
import { hasStrayBrace, isPathArgument, templateParams } from './path-template.js';
import { asMap, checkHeaderName, type SemanticContext } from './semantic-context.js';

/** Checks of one operation that the schema cannot express: path template, arguments, body. */
export function checkOperation(ctx: SemanticContext, path: PathSegment[], op: Record<string, unknown>): void {
  const args = asMap(op.arguments) ?? {};
  const template = typeof op.path === 'string' ? op.path : undefined;
  if (template !== undefined) checkTemplate(ctx, [...path, 'path'], template, args);
  const params = template === undefined ? [] : templateParams(template);
  for (const [name, value] of Object.entries(args)) {
    const arg = asMap(value);
    if (arg) checkArgument(ctx, [...path, 'arguments', name], name, arg, params, template !== undefined);
  }
  if (typeof op.body === 'string' && !Object.hasOwn(args, op.body)) {
    const found = ctx.found([...path, 'body']);
    const suffix = op.body.includes('${') ? '' : suggestionSuffix(op.body, Object.keys(args));
    ctx.report([...path, 'body'], 'value', `body names an undeclared argument ${found}${suffix}`, {
      expected: 'the name of an argument of this operation',
      found,
      hint: '`body: NAME` sends argument NAME as the whole JSON body; declare it under arguments',
    });
  }
}

function checkTemplate(
  ctx: SemanticContext,
  path: PathSegment[],
  template: string,
  args: Record<string, unknown>,
) {
  if (!template.startsWith('/')) {
    const found = ctx.found(path);
    ctx.report(path, 'value', `expected a path starting with "/", found ${found}`, {
      expected: 'a path starting with "/"',
      found,
      hint: 'write it relative to base_url, e.g. path: /invoices/{invoice_id}',
    });
  }
  if (hasStrayBrace(template)) {
    ctx.report(path, 'value', 'unbalanced "{" or "}" in the path template', {
      hint: 'path parameters are written {name}, e.g. /invoices/{invoice_id}',
    });
  }
  const params = templateParams(template);
  for (const param of params) {
    const bound = Object.entries(args).some(([name, value]) => {
      const arg = asMap(value);
      return arg !== undefined && isPathArgument(name, arg.in, params) && (arg.field ?? name) === param;
    });
    if (bound) continue;
    const other = asMap(args[param]);
    if (other && other.in !== undefined) {
      ctx.report(
        path,
        'value',
        `path parameter {${param}} has no path argument (argument "${param}" is in: ${ctx.found([...path.slice(0, -1), 'arguments', param, 'in']).replace(/^"|"$/g, '')})`,
        {
          hint: `set in: path on argument "${param}", or remove {${param}} from the path`,
        },
      );
      continue;
    }
    const hint = `declare it under the operation's arguments:\n  arguments:\n    ${param}: { type: string }`;
    ctx.report(path, { within: `{${param}}` }, `path parameter {${param}} has no argument`, { hint });
  }
}

function checkArgument(
  ctx: SemanticContext,
  path: PathSegment[],
  name: string,
  arg: Record<string, unknown>,
  params: string[],
  hasTemplate: boolean,
) {
  const wire = typeof arg.field === 'string' ? arg.field : name;
  if (arg.in === 'path' && hasTemplate && !params.includes(wire)) {
    ctx.report([...path, 'in'], 'value', `argument "${name}" is in: path but the path has no {${wire}}`, {
      hint: `add {${wire}} to the path, or set in: to query, header or body`,
    });
  }
  if (isPathArgument(name, arg.in, params) && (arg.required === false || arg.required === 'false')) {
    ctx.report([...path, 'required'], 'value', `path argument "${name}" must be required`, {
      expected: 'true',
      found: 'false',
      hint: 'remove `required: false`: a path cannot have an empty segment',
    });
  }
  if (arg.in === 'header') {
    if (typeof arg.field === 'string') checkHeaderName(ctx, [...path, 'field'], arg.field, 'value');
    else checkHeaderName(ctx, path, name, 'key');
  }
}
