import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { PorticoError } from '../../src/errors/index.js';
import { createLogger } from '../../src/observability/index.js';
import { loadSecretKey } from '../../src/secrets/index.js';

const tempDir = () => mkdtempSync(join(tmpdir(), 'portico-key-'));

function captureLogger() {
  const lines: Array<Record<string, unknown>> = [];
  const destination = new Writable({
    write(chunk, _enc, cb) {
      for (const l of String(chunk).split('\n')) if (l.trim() !== '') lines.push(JSON.parse(l));
      cb();
    },
  });
  return { logger: createLogger({ destination, pretty: false, level: 'info' }), lines };
}

async function rejection(p: Promise<unknown>): Promise<PorticoError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof PorticoError) return err;
    throw err;
  }
  throw new Error('expected a PorticoError');
}

describe('loadSecretKey from PORTICO_SECRET_KEY', () => {
  const raw = randomBytes(32);

  it.each([
    ['base64', raw.toString('base64')],
    ['base64 without padding', raw.toString('base64').replace(/=$/, '')],
    ['base64url', raw.toString('base64url')],
    ['hex', raw.toString('hex')],
    ['upper-case hex with whitespace', ` ${raw.toString('hex').toUpperCase()}\n`],
  ])('accepts %s', async (_name, value) => {
    const dataDir = join(tempDir(), 'data');
    const got = await loadSecretKey({ env: { PORTICO_SECRET_KEY: value }, dataDir });
    expect(got.source).toBe('env');
    expect(got.file).toBeUndefined();
    expect(got.key.equals(raw)).toBe(true);
    // The env key wins: no key file is created.
    expect(existsSync(join(dataDir, 'secret.key'))).toBe(false);
  });

  it.each([
    ['31 bytes of base64', randomBytes(31).toString('base64')],
    ['33 bytes of base64', randomBytes(33).toString('base64')],
    ['63 hex characters', raw.toString('hex').slice(1)],
    ['a passphrase', 'correct horse battery staple'],
    ['16 bytes of hex', randomBytes(16).toString('hex')],
  ])('rejects %s, naming the accepted forms without echoing the value', async (_name, value) => {
    const e = await rejection(loadSecretKey({ env: { PORTICO_SECRET_KEY: value }, dataDir: tempDir() }));
    expect(e.code).toBe('secret_key_invalid');
    expect(e.message).toContain('PORTICO_SECRET_KEY');
    expect(e.message).toContain('base64');
    expect(e.message).toContain('64 hex characters');
    expect(e.message).not.toContain(value);
  });
});

describe('loadSecretKey from the key file', () => {
  it('creates <dataDir>/secret.key with mode 0600 on first start and reuses it', async () => {
    const dataDir = join(tempDir(), 'nested', 'data');
    const first = await loadSecretKey({ env: {}, dataDir });
    const file = join(dataDir, 'secret.key');
    expect(first).toMatchObject({ source: 'file', file });
    expect(first.key).toHaveLength(32);
    expect(Buffer.from(readFileSync(file, 'utf8').trim(), 'base64').equals(first.key)).toBe(true);
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600);
    const second = await loadSecretKey({ env: { PORTICO_SECRET_KEY: '  ' }, dataDir });
    expect(second.source).toBe('file');
    expect(second.key.equals(first.key)).toBe(true);
  });

  it.skipIf(process.platform === 'win32')(
    'warns with the chmod fix when the file is readable by others',
    async () => {
      const dataDir = tempDir();
      await loadSecretKey({ env: {}, dataDir });
      const file = join(dataDir, 'secret.key');
      const quiet = captureLogger();
      await loadSecretKey({ env: {}, dataDir, logger: quiet.logger });
      expect(quiet.lines.filter((l) => l.level === 40)).toHaveLength(0);
      chmodSync(file, 0o644);
      const loud = captureLogger();
      await loadSecretKey({ env: {}, dataDir, logger: loud.logger });
      const warns = loud.lines.filter((l) => l.level === 40);
      expect(warns).toHaveLength(1);
      expect(String(warns[0]?.msg)).toContain(`chmod 600 ${file}`);
      expect(JSON.stringify(loud.lines)).not.toContain(readFileSync(file, 'utf8').trim());
    },
  );

  it('rejects a key file that does not hold a key', async () => {
    const dataDir = tempDir();
    writeFileSync(join(dataDir, 'secret.key'), 'not a key\n', { mode: 0o600 });
    const e = await rejection(loadSecretKey({ env: {}, dataDir }));
    expect(e.code).toBe('secret_key_invalid');
    expect(e.message).toContain(join(dataDir, 'secret.key'));
  });

  it('reports a data dir that cannot be created', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'file'), 'x');
    const e = await rejection(loadSecretKey({ env: {}, dataDir: join(dir, 'file', 'data') }));
    expect(e.code).toBe('secret_key_invalid');
    expect(e.message).toContain('PORTICO_SECRET_KEY');
  });
});
