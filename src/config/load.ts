import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { PorticoConfig } from '../spec/index.js';
import { ConfigError } from './errors.js';
import type { Env } from './interpolate.js';
import { parseConfig } from './parse.js';

/** Options of {@link loadConfig}. */
export interface LoadConfigOptions {
  /** Variables `${VAR}` resolves against (default `process.env`). */
  env?: Env;
}

/**
 * Read, validate and normalize a `portico.yaml`.
 * @throws {ConfigError} `config_not_found` when the file cannot be read, else as {@link parseConfig}.
 */
export async function loadConfig(file: string, opts: LoadConfigOptions = {}): Promise<PorticoConfig> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw unreadable(file, err);
  }
  return parseConfig(text, file, opts.env ?? process.env);
}

function unreadable(file: string, err: unknown): ConfigError {
  const absolute = resolve(file);
  const code = (err as NodeJS.ErrnoException).code ?? 'unknown error';
  const hint = `pass the config file with -c FILE, or create portico.yaml in the current directory (${process.cwd()})`;
  const issue = { file, line: 0, column: 0, path: '' };
  if (code === 'ENOENT' || code === 'ENOTDIR') {
    return new ConfigError(
      'config_not_found',
      [{ ...issue, message: `config file not found: ${absolute}`, hint }],
      {
        cause: err,
      },
    );
  }
  if (code === 'EISDIR') {
    const message = `${absolute} is a directory, not a config file`;
    return new ConfigError('config_not_found', [{ ...issue, message, hint }], { cause: err });
  }
  const message = `cannot read config file ${absolute} (${code})`;
  return new ConfigError('config_invalid', [{ ...issue, message, hint: 'check the file permissions' }], {
    cause: err,
  });
}
