import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { flowhubConfigPath } from '../../examples/flowhub/index.js';
import { runPortico } from '../support/cli.js';

const faults = fileURLToPath(new URL('../fixtures/faults.yaml', import.meta.url));

describe('portico check', () => {
  it('prints the tool table for a valid config', async () => {
    const run = await runPortico(['check', '-c', faults], { FAULT_URL: 'http://127.0.0.1:9' });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^TOOL\s+SYSTEM\s+METHOD\s+PATH\s+ACCESS/m);
    expect(run.stdout).toMatch(/^create_echo\s+faults\s+POST\s+\/echo\s+write$/m);
    expect(run.stdout).toMatch(/^get_item\s+faults\s+GET\s+\/items\/\{id\}\s+read-only$/m);
    expect(run.stdout).toContain('OK — 10 tools');
  });

  it('validates the demo config on a fresh clone without FLOWHUB_URL (standalone FlowHub default)', async () => {
    const env = { ...process.env };
    delete env.FLOWHUB_URL;
    const run = await runPortico(['check', '-c', flowhubConfigPath], {}, {}, env);
    expect(run.stderr).not.toContain('FLOWHUB_URL is not set');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('OK — 11 tools');
  });

  it('exits 1 with located errors, a hint, and no secret', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'portico-check-'));
    const file = join(dir, 'portico.yaml');
    writeFileSync(
      file,
      [
        'systems:',
        '  billing:',
        '    base_ur: https://billing.example.com',
        // biome-ignore lint/suspicious/noTemplateCurlyInString: a literal ${VAR} reference in YAML
        '    auth: { type: bearer, token: "${BILLING_TOKEN}" }',
        '    operations:',
        '      get_invoice:',
        '        method: FETCH',
        '        path: /invoices',
        '',
      ].join('\n'),
    );
    const run = await runPortico(['check', '-c', file], { BILLING_TOKEN: 'sekret-value-123' });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('portico.yaml:3:5');
    expect(run.stderr).toContain('did you mean "base_url"?');
    expect(run.stderr).toMatch(/portico\.yaml:7:\d+ systems\.billing\.operations\.get_invoice\.method/);
    expect(run.stderr + run.stdout).not.toContain('sekret-value-123');
  });

  it('names a missing variable', async () => {
    const run = await runPortico(['check', '-c', faults], { FAULT_URL: '' });
    // FAULT_URL set but empty: still missing a usable value
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('FAULT_URL');
  });

  it('explains a missing config file', async () => {
    const run = await runPortico(['check', '-c', '/nonexistent/portico.yaml']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('/nonexistent/portico.yaml');
  });
});
