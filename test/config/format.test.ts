import { describe, expect, it } from 'vitest';
import { ConfigError, type ConfigIssue, formatConfigIssues } from '../../src/config/index.js';
import { PorticoError } from '../../src/errors/index.js';

const issue = (over: Partial<ConfigIssue>): ConfigIssue => ({
  file: 'portico.yaml',
  line: 12,
  column: 7,
  path: 'systems.billing.base_ur',
  message: 'unknown key "base_ur" — did you mean "base_url"?',
  ...over,
});

describe('formatConfigIssues', () => {
  it('prints one line per issue: file:line:column path: message', () => {
    const issues = [
      issue({}),
      issue({
        line: 20,
        column: 17,
        path: 'systems.billing.operations.get_invoice.method',
        message: 'expected one of GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS, found "FETCH"',
      }),
    ];
    expect(formatConfigIssues(issues)).toBe(
      [
        'portico.yaml:12:7 systems.billing.base_ur: unknown key "base_ur" — did you mean "base_url"?',
        'portico.yaml:20:17 systems.billing.operations.get_invoice.method: expected one of GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS, found "FETCH"',
      ].join('\n'),
    );
  });

  it('indents hints, including multi-line ones, under their issue', () => {
    const text = formatConfigIssues([
      issue({ path: 'p', message: 'm', hint: 'add:\n  arguments:\n    id: {}' }),
    ]);
    expect(text).toBe('portico.yaml:12:7 p: m\n  hint: add:\n          arguments:\n            id: {}');
  });

  it('omits the position of whole-file issues and an empty path', () => {
    expect(formatConfigIssues([issue({ line: 0, column: 0, path: '', message: 'gone' })])).toBe(
      'portico.yaml: gone',
    );
    expect(formatConfigIssues([issue({ line: 1, column: 1, path: '', message: 'bad' })])).toBe(
      'portico.yaml:1:1: bad',
    );
  });
});

describe('ConfigError', () => {
  it('is a PorticoError carrying its code, issues and a readable message', () => {
    const error = new ConfigError('config_invalid', [issue({})]);
    expect(error).toBeInstanceOf(PorticoError);
    expect(error.name).toBe('ConfigError');
    expect(error.code).toBe('config_invalid');
    expect(error.issues).toHaveLength(1);
    expect(error.details).toEqual({ issues: [issue({})] });
    expect(error.message).toBe(
      'Invalid configuration:\nportico.yaml:12:7 systems.billing.base_ur: unknown key "base_ur" — did you mean "base_url"?',
    );
  });
});
