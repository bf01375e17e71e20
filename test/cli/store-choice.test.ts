import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runPortico } from '../support/cli.js';

// biome-ignore lint/suspicious/noTemplateCurlyInString: a ${VAR} of portico.yaml
const NEEDS_VAR = 'systems:\n  api:\n    base_url: ${PORTICO_TEST_UNSET_UPSTREAM}\n    operations: {}\n';

describe('admin commands: which store', () => {
  it('skip an implicit config that does not load (warning), but fail on an explicit --config', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'portico-choice-'));
    const config = join(dir, 'portico.yaml');
    writeFileSync(config, NEEDS_VAR);
    const env = { PORTICO_CONFIG: config, PORTICO_DATABASE_URL: '' };
    const implicit = await runPortico(['tenants', 'create', 'acme', '--data-dir', dir], env);
    expect(implicit.code, implicit.stderr).toBe(0);
    expect(implicit.stderr).toMatch(/warning: not using .*portico\.yaml for store\/redis settings/);
    expect(implicit.stdout).toContain('acme');
    const explicit = await runPortico(['tenants', 'list', '--config', config, '--data-dir', dir], env);
    expect(explicit.code).toBe(1);
    expect(explicit.stderr).toContain('PORTICO_TEST_UNSET_UPSTREAM');
  }, 60_000);
});
