import { NAME_PLACEHOLDERS, parseNameTemplate } from '../spec/index.js';
import { closestMatch, didYouMean } from '../suggest/index.js';
import { asMap, type SemanticContext } from './semantic-context.js';

const SEPARATOR = /^[A-Za-z0-9_.-]{1,8}$/;
const TEMPLATE_EXAMPLE = 'e.g. template: "{provider}{sep}{instance}{sep}{name}"';

/** Checks of `naming`: the separator, and the template (present exactly with strategy: template). */
export function checkNaming(ctx: SemanticContext, value: unknown): void {
  const naming = asMap(value);
  if (!naming) return;
  if (typeof naming.separator === 'string' && !SEPARATOR.test(naming.separator)) {
    const found = ctx.found(['naming', 'separator']);
    const expected = '1 to 8 letters, digits, "_", "." or "-"';
    ctx.report(['naming', 'separator'], 'value', `expected ${expected}, found ${found}`, { expected, found });
  }
  const template = naming.template;
  if (naming.strategy === 'template' && template === undefined) {
    ctx.report(
      ['naming', 'template'],
      'key',
      'missing required key "template" (strategy: template needs it)',
      {
        hint: `${TEMPLATE_EXAMPLE}; placeholders: ${placeholders()}`,
      },
    );
  }
  if (typeof template !== 'string') return;
  if (naming.strategy !== 'template') {
    const strategy = typeof naming.strategy === 'string' ? naming.strategy : 'namespaced (the default)';
    ctx.report(
      ['naming', 'template'],
      'key',
      `template is only used with strategy: template (strategy is ${strategy})`,
      {
        hint: 'set strategy: template, or remove template',
      },
    );
    return;
  }
  checkTemplate(ctx, template);
}

function placeholders(): string {
  return NAME_PLACEHOLDERS.map((p) => `{${p}}`).join(', ');
}

function checkTemplate(ctx: SemanticContext, template: string): void {
  const path = ['naming', 'template'];
  const tokens = parseNameTemplate(template);
  for (const token of tokens) {
    if (token.kind === 'unknown') {
      const suffix = didYouMean(closestMatch(token.name, NAME_PLACEHOLDERS), (p) => `{${p}}`);
      const expected = `one of ${placeholders()}`;
      ctx.report(path, { within: token.text }, `unknown placeholder ${token.text}${suffix}`, {
        expected,
        found: token.text,
      });
    }
    if (token.kind === 'literal') {
      const bad = /[^A-Za-z0-9_.-]/.exec(token.text);
      if (bad) {
        const expected = 'letters, digits, "_", "." or "-" besides the {placeholders}';
        ctx.report(
          path,
          { within: token.text },
          `invalid character "${bad[0]}" in template: expected ${expected}`,
          {
            expected,
            found: JSON.stringify(bad[0]),
          },
        );
      }
    }
  }
  if (!tokens.some((t) => t.kind === 'placeholder' && t.name === 'name')) {
    ctx.report(path, 'value', 'template must contain {name} (the operation or remote tool name)', {
      hint: `without {name} every tool of a system gets the same name; ${TEMPLATE_EXAMPLE}`,
    });
  }
}
