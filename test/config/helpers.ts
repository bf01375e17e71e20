import { expect } from 'vitest';
import { ConfigError, type ConfigIssue, parseConfig } from '../../src/config/index.js';

/** Join lines into a YAML document (keeps the line numbers in tests readable). */
export function yaml(...lines: string[]): string {
  return `${lines.join('\n')}\n`;
}

/** The ConfigError `parseConfig` throws for `text` (fails the test when it does not throw). */
export function configError(text: string, env: Record<string, string | undefined> = {}): ConfigError {
  try {
    parseConfig(text, 'portico.yaml', env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return err as ConfigError;
  }
  throw new Error('expected parseConfig to throw a ConfigError');
}

/** The issues of `text`, reduced to `line:column path: message` strings. */
export function issueLines(text: string, env: Record<string, string | undefined> = {}): string[] {
  return configError(text, env).issues.map(short);
}

export function short(issue: ConfigIssue): string {
  return `${issue.line}:${issue.column} ${issue.path}: ${issue.message}`;
}

/** A minimal valid system, to which tests add lines. */
export const BILLING = ['systems:', '  billing:', '    base_url: https://billing.example.com/api'];
