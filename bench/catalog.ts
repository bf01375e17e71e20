// Catalogue scale benchmark (not a test): build time and RSS for a 10,000-operation OpenAPI
// document, and tools/list page latency on the resulting 10,000-tool catalogue.
// Run: npx tsx bench/catalog.ts
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InMemoryServerEventBus } from '@modelcontextprotocol/server';
import { Gateway } from '../src/gateway/index.js';
import { createHttpApp, createSessionIds } from '../src/http/index.js';
import { silentLogger } from '../src/observability/index.js';
import { buildServing, createSecurity, loadSources } from '../src/runtime/index.js';
import { openSqliteStore } from '../src/store/index.js';
import { createUpstreamClient } from '../src/upstream/index.js';

const N = 10_000;
const dir = mkdtempSync(join(tmpdir(), 'portico-bench-catalog-'));
const paths: Record<string, unknown> = {};
for (let i = 0; i < N; i++) {
  paths[`/res${i}/{id}`] = {
    get: {
      operationId: `get_resource_${i}`,
      summary: `Get resource ${i} by id`,
      tags: [`area${i % 50}`],
      parameters: [
        { name: 'id', in: 'path', required: true, schema: { type: 'string' } },
        { name: 'expand', in: 'query', schema: { type: 'boolean' } },
      ],
      responses: { '200': { description: 'ok' } },
    },
  };
}
writeFileSync(
  join(dir, 'big.json'),
  JSON.stringify({ openapi: '3.1.0', info: { title: 'big', version: '1' }, paths }),
);
writeFileSync(
  join(dir, 'portico.yaml'),
  // No rate limits: 1,200 tools/list in a row would use up the default 120/min per token.
  'naming: { strategy: flat }\nlimits: { token: none, tenant: none }\nopenapi:\n  - name: big\n    source: ./big.json\n    base_url: http://127.0.0.1:9\n',
);

const rss0 = process.memoryUsage().rss;
const t0 = performance.now();
const sources = await loadSources(join(dir, 'portico.yaml'));
const t1 = performance.now();
const serving = buildServing(sources);
const t2 = performance.now();
const gateway = new Gateway({
  ...serving,
  backends: { http: createUpstreamClient() },
  logger: silentLogger(),
});
// Caller security as `--no-auth` runs it (dev principal; scopes, limits, audit and metrics on).
const security = await createSecurity({
  store: await openSqliteStore(':memory:'),
  config: sources.config,
  dataDir: dir,
  env: { PORTICO_SECRET_KEY: randomBytes(32).toString('base64') },
  logger: silentLogger(),
  host: '127.0.0.1',
  noAuth: true,
});
const { app } = createHttpApp({
  gateway,
  logger: silentLogger(),
  bus: new InMemoryServerEventBus(),
  sessions: createSessionIds(randomBytes(32)),
  security: security.edge,
});
const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' });
const headers = {
  accept: 'application/json, text/event-stream',
  'content-type': 'application/json',
  host: '127.0.0.1',
};
const samples: number[] = [];
for (let i = 0; i < 1200; i++) {
  const s = performance.now();
  const res = await app.request('http://127.0.0.1/mcp', { method: 'POST', headers, body });
  const text = await res.text();
  if (res.status !== 200 || !text.includes('"tools"')) {
    throw new Error(`tools/list failed: HTTP ${res.status} ${text.slice(0, 300)}`);
  }
  if (i >= 200) samples.push(performance.now() - s);
}
samples.sort((a, b) => a - b);
const rss = process.memoryUsage().rss;
console.log(
  JSON.stringify({
    tools: serving.catalog.tools.length,
    loadAndValidateMs: Math.round(t1 - t0),
    buildMs: Math.round(t2 - t1),
    totalBuildMs: Math.round(t2 - t0),
    rssMB: Math.round(rss / 1e6),
    rssAddedMB: Math.round((rss - rss0) / 1e6),
    pageP50Ms: samples[Math.floor(samples.length / 2)]!.toFixed(3),
    pageP99Ms: samples[Math.floor(samples.length * 0.99)]!.toFixed(3),
  }),
);
process.exit(0);
