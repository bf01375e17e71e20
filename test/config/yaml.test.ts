// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these strings are YAML using the ${VAR} syntax
import { describe, expect, it } from 'vitest';
import { BILLING, configError, issueLines, yaml } from './helpers.js';

describe('parseConfig: YAML-level issues', () => {
  it('reports a syntax error with its line and column', () => {
    const error = configError(
      yaml('systems:', '  billing:', '    base_url: https://x.example', '    retry: true: false'),
    );
    expect(error.code).toBe('config_invalid');
    expect(error.issues).toEqual([
      {
        file: 'portico.yaml',
        line: 4,
        column: 12,
        path: '',
        message: 'YAML syntax error: Nested mappings are not allowed in compact mappings',
        hint: 'quote values that contain ": ", or put a nested map on its own lines',
      },
    ]);
  });

  it('reports tabs used as indentation', () => {
    const [issue] = configError(yaml('systems:', '\tbilling:')).issues;
    expect(issue).toMatchObject({ line: 2, column: 1, hint: 'indent with spaces, not tabs' });
  });

  it('reports the syntax errors of several lines', () => {
    expect(issueLines(yaml('a: b: c', 'd: e', 'f: g: h'))).toEqual([
      '1:4 : YAML syntax error: Nested mappings are not allowed in compact mappings',
      '3:4 : YAML syntax error: Nested mappings are not allowed in compact mappings',
    ]);
  });

  it('reports only the first syntax error of a line', () => {
    // The YAML parser reports a dozen errors for this one line.
    expect(configError(yaml('auth: { type: basic, username: ${U}, password: ${P} }')).issues).toHaveLength(1);
  });

  it('explains an unquoted ${VAR} in a flow map', () => {
    const [issue] = configError(yaml(...BILLING, '    auth: { type: bearer, token: ${TOKEN} }')).issues;
    expect(issue).toMatchObject({
      line: 4,
      hint: 'quote a ${VAR} inside { } or [ ], e.g. { token: "${TOKEN}" }',
    });
  });

  it('reports duplicate operation names at the second one', () => {
    const text = yaml(
      ...BILLING,
      '    operations:',
      '      get_invoice: { path: /a }',
      '      get_invoice: { path: /b }',
    );
    expect(configError(text).issues).toEqual([
      {
        file: 'portico.yaml',
        line: 6,
        column: 7,
        path: 'systems.billing.operations.get_invoice',
        message: 'duplicate operation "get_invoice" in system "billing" (first declared at line 5)',
        hint: 'rename or remove one of them',
      },
    ]);
  });

  it('reports duplicate systems, arguments and plain keys', () => {
    const text = yaml(
      ...BILLING,
      '    retry: true',
      '    retry: false',
      '    operations:',
      '      a: { path: /a, arguments: { q: {}, q: {} } }',
      '  billing:',
      '    base_url: https://y.example',
    );
    expect(issueLines(text)).toEqual([
      '5:5 systems.billing.retry: duplicate key "retry" (first declared at line 4)',
      '7:42 systems.billing.operations.a.arguments.q: duplicate argument "q" (first declared at line 7)',
      '8:3 systems.billing: duplicate system "billing" (first declared at line 2)',
    ]);
  });

  it('reports an empty file', () => {
    expect(configError('# nothing yet\n').issues).toEqual([
      {
        file: 'portico.yaml',
        line: 1,
        column: 1,
        path: '',
        message: 'the configuration is empty',
        hint: 'declare at least one system, e.g.:\nsystems:\n  billing:\n    base_url: https://billing.example.com/api',
      },
    ]);
  });

  it('locates an issue reached through an alias at the anchored value', () => {
    const text = yaml(
      'systems:',
      '  a: &sys',
      '    base_url: https://a.example',
      '    retry: nope',
      '  b: *sys',
    );
    expect(issueLines(text)).toEqual([
      '4:12 systems.a.retry: expected true or false, found "nope"',
      '4:12 systems.b.retry: expected true or false, found "nope"',
    ]);
  });
});
