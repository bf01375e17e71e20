/**
 * `npm run bench:console`: server time of the web console's pages with a 10,000-tool catalogue
 * (issue 14: ≤ 50 ms). Starts Portico in process on a generated OpenAPI document, signs a user in,
 * and times each page over loopback (median and p95 of `--requests` after a warm-up). A
 * measurement, not a test: nothing is asserted except that every page answered 200.
 *
 * Options: `--tools N` (default 10000), `--requests N` (default 50).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { OAuthUsers } from '../src/oauth/index.js';
import { silentLogger } from '../src/observability/index.js';
import { startPortico } from '../src/runtime/index.js';
import { describeMachine } from './machine.js';
import { writeOpenApiBench } from './openapi-document.js';

const { values: flags } = parseArgs({
  options: { tools: { type: 'string', default: '10000' }, requests: { type: 'string', default: '50' } },
});
const tools = Number(flags.tools);
const requests = Number(flags.requests);
const machine = describeMachine();
console.log(`[bench] ${machine.cpuModel}, ${machine.cores} cores, Node ${machine.node}; ${tools} tools`);

const portico = await startPortico({
  configFile: writeOpenApiBench(tools),
  host: '127.0.0.1',
  port: 0,
  dataDir: mkdtempSync(join(tmpdir(), 'portico-bench-console-')),
  logger: silentLogger(),
  watch: false,
  env: process.env,
});
try {
  await portico.security.access.createTenant({ id: 'acme' });
  const password = 'bench passphrase 1234';
  await new OAuthUsers(portico.store).create({ tenantId: 'acme', email: 'bench@acme.test', password });
  const signIn = await fetch(`${portico.url}/console/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    body: new URLSearchParams({ email: 'bench@acme.test', password }),
  });
  const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const pages = [
    '/console/mcp-server',
    '/console/tokens',
    '/console/tools',
    '/console/tools/results?q=get+resource+4242',
    '/console/tools/results?q=resource&source=openapi&access=read&page=3',
    '/console/tools/default/get_resource_42',
    '/console/activity',
  ];
  const rows: string[] = ['| page | median ms | p95 ms |', '| --- | ---: | ---: |'];
  for (const path of pages) {
    const times: number[] = [];
    for (let i = 0; i < requests + 5; i++) {
      const t = performance.now();
      const res = await fetch(`${portico.url}${path}`, { headers: { cookie } });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`${path} answered ${res.status}`);
      if (i >= 5) times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!.toFixed(1);
    rows.push(`| \`${path}\` | ${at(0.5)} | ${at(0.95)} |`);
  }
  console.log(rows.join('\n'));
} finally {
  await portico.close();
}
