import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tempDbFile } from './helpers.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

describe('AuditLog timers', () => {
  it('do not keep the process alive (flush and prune timers are unref’d)', () => {
    const db = tempDbFile();
    const script = join(dirname(db), 'child.mts');
    const src = (p: string) => JSON.stringify(pathToFileURL(join(root, p)).href);
    writeFileSync(
      script,
      `import { AuditLog } from ${src('src/audit/index.ts')};
import { silentLogger } from ${src('src/observability/index.ts')};
import { openSqliteStore } from ${src('src/store/index.ts')};
const store = await openSqliteStore(${JSON.stringify(db)});
const log = new AuditLog(store, { logger: silentLogger(), retentionDays: 30, flushIntervalMs: 3_600_000 });
log.start();
log.record({ at: new Date(), tenantId: null, tokenId: null, view: 'default', method: 'tools/list', tool: null,
  outcome: 'ok', upstreamStatus: null, durationMs: 1, requestId: 'r1', argKeys: [], args: null });
await log.flush();
log.record({ at: new Date(), tenantId: null, tokenId: null, view: 'default', method: 'tools/list', tool: null,
  outcome: 'ok', upstreamStatus: null, durationMs: 1, requestId: 'r2', argKeys: [], args: null });
console.log('pending', log.pending);
`,
    );
    const child = spawnSync(process.execPath, ['--import', 'tsx', script], {
      cwd: root,
      encoding: 'utf8',
      timeout: 15_000,
    });
    expect(child.error).toBeUndefined();
    expect(child.stderr).toBe('');
    expect(child.status).toBe(0);
    expect(child.stdout.trim()).toBe('pending 1');
  });
});
