import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { conformanceSkipReason, suiteCommand } from '../conformance/suite-cli.js';

const CLIENT = fileURLToPath(new URL('../bridge/conformance/client.mjs', import.meta.url));
const skipReason = conformanceSkipReason();
if (skipReason) process.stderr.write(`${skipReason}\n`);
const BASELINE = fileURLToPath(new URL('../bridge/conformance/baseline.yml', import.meta.url));

describe.skipIf(skipReason !== undefined)(
  'conformance client --suite auth against portico login + connect',
  () => {
    it('passes every auth scenario except those in the baseline', async () => {
      const { node, cli } = suiteCommand();
      const out = mkdtempSync(join(tmpdir(), 'portico-conf-client-'));
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        NO_COLOR: '1',
        PORTICO_NODE: process.execPath,
        // The auth/basic-cimd scenario expects this client metadata document URL.
        PORTICO_CLIENT_METADATA_URL: 'https://conformance-test.local/client-metadata.json',
      };
      delete env.NODE_OPTIONS;
      const args = [cli, 'client', '--command', `${process.execPath} ${CLIENT}`, '--suite', 'auth'];
      args.push('--timeout', '120000', '--expected-failures', BASELINE, '-o', out);
      const child = spawn(node, args, { env, cwd: out, stdio: ['ignore', 'pipe', 'pipe'] });
      let log = '';
      child.stdout.on('data', (d: Buffer) => {
        log += d.toString();
      });
      child.stderr.on('data', (d: Buffer) => {
        log += d.toString();
      });
      const code = await new Promise<number | null>((r) => child.on('close', r));
      const summary = log.slice(log.indexOf('=== SUITE SUMMARY ==='));
      expect(summary, summary).toMatch(/Baseline check passed/);
      expect(code, summary).toBe(0);
      expect(readFileSync(BASELINE, 'utf8')).toContain('auth/scope-step-up');
    }, 400_000);
  },
);
