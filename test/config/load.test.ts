// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these strings are YAML using the ${VAR} syntax
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, formatConfigIssues, loadConfig } from '../../src/config/index.js';
import { isPorticoError } from '../../src/errors/index.js';

describe('loadConfig', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'portico-config-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('loads a valid file from disk with the given env', async () => {
    const file = join(dir, 'portico.yaml');
    const lines = [
      'systems:',
      '  billing:',
      '    base_url: ${BILLING_URL}',
      '    auth: { type: bearer, token: "${TOKEN}" }',
      '    operations:',
      '      get_invoice: { path: "/invoices/{id}", arguments: { id: { type: string } } }',
      'openapi:',
      '  - { name: flowhub, source: ./openapi.yaml }',
    ];
    await writeFile(file, `${lines.join('\n')}\n`);
    const config = await loadConfig(file, { env: { BILLING_URL: 'http://127.0.0.1:9/api', TOKEN: 't0k' } });
    expect(config.file).toBe(file);
    expect(config.baseDir).toBe(dir);
    expect(config.systems[0]).toMatchObject({
      name: 'billing',
      baseUrl: 'http://127.0.0.1:9/api',
      auth: { type: 'bearer', token: 't0k' },
      source: { file, line: 2, column: 3, path: 'systems.billing' },
    });
    expect(config.systems[0]!.operations[0]!.arguments[0]).toMatchObject({ name: 'id', required: true });
    expect(config.openapi[0]).toMatchObject({ name: 'flowhub', source: './openapi.yaml' });
  });

  it('defaults env to process.env', async () => {
    const file = join(dir, 'env.yaml');
    await writeFile(file, 'systems:\n  a:\n    base_url: ${PORTICO_TEST_CONFIG_URL}\n');
    process.env.PORTICO_TEST_CONFIG_URL = 'https://from-process-env.example';
    try {
      expect((await loadConfig(file)).systems[0]!.baseUrl).toBe('https://from-process-env.example');
    } finally {
      delete process.env.PORTICO_TEST_CONFIG_URL;
    }
  });

  it('reports the issues of an invalid file from disk', async () => {
    const file = join(dir, 'bad.yaml');
    await writeFile(file, 'systems:\n  a:\n    base_url: https://a.example\n    retyr: true\n');
    const error = await loadConfig(file, { env: {} }).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(ConfigError);
    expect(formatConfigIssues((error as ConfigError).issues)).toBe(
      `${file}:4:5 systems.a.retyr: unknown key "retyr" — did you mean "retry"?`,
    );
  });

  it('reports a missing file as config_not_found with how to fix it', async () => {
    const file = join(dir, 'nope', 'portico.yaml');
    const error = await loadConfig(file, { env: {} }).catch((err: unknown) => err);
    expect(isPorticoError(error, 'config_not_found')).toBe(true);
    expect((error as ConfigError).issues).toEqual([
      {
        file,
        line: 0,
        column: 0,
        path: '',
        message: `config file not found: ${file}`,
        hint: `pass the config file with -c FILE, or create portico.yaml in the current directory (${process.cwd()})`,
      },
    ]);
    expect((error as ConfigError).message).toBe(
      `Configuration file not found:\n${file}: config file not found: ${file}\n  hint: pass the config file with -c FILE, or create portico.yaml in the current directory (${process.cwd()})`,
    );
  });

  it('reports a directory as config_not_found', async () => {
    const error = await loadConfig(dir, { env: {} }).catch((err: unknown) => err);
    expect(isPorticoError(error, 'config_not_found')).toBe(true);
    expect((error as ConfigError).issues[0]!.message).toBe(`${dir} is a directory, not a config file`);
  });
});
