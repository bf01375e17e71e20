/**
 * Child-process entry (`micro.ts <flowhubUrl>`): where one tools/call's time goes inside
 * Portico, measured in-process layer by layer against a FlowHub running in another process
 * (so upstream CPU is not counted here). Sends `{ type: 'result', result: MicroCase[] }`.
 */

import { createMcpHandler, type McpServerFactory, type Server } from '@modelcontextprotocol/server';
import { Pool } from 'undici';
import { createServerFactory, requestAuthInfo } from '../src/mcp/index.js';
import { benchApp, startBenchPortico, workspacesFromEnv } from './bench-portico.js';
import type { ChildMessage } from './messages.js';
import { type MicroCase, measure } from './micro-measure.js';
import { constantServer, gatewayServer } from './micro-servers.js';
import { createPooledServerFactory } from './pooled-factory.js';
import {
  apiKeyOf,
  type BenchRequest,
  bearer,
  captureSdkToolCall,
  FLOW,
  looksSuccessful,
  TOOL,
} from './requests.js';

const flowhubUrl = process.argv[2];
if (flowhubUrl === undefined) throw new Error('usage: micro.ts <flowhubUrl>');

// Tokens required, as `portico serve` runs; calls below the edge run as tenant acme (FlowHub key stored).
const bench = await startBenchPortico(flowhubUrl);
const { portico, dev: principal } = bench;
const { gateway } = portico;
const eras = {
  modern: await captureSdkToolCall(portico.mcpUrl, 'modern', bearer(bench.token)),
  legacy: await captureSdkToolCall(portico.mcpUrl, 'legacy', bearer(bench.token)),
};

type Fetch = (req: Request, parsedBody: unknown) => Promise<Response>;

/** One in-process exchange of the captured `req` through `fetchFn`; throws unless it succeeded. */
function exchange(req: BenchRequest, fetchFn: Fetch): () => Promise<void> {
  const ok = looksSuccessful(req);
  const body = req.body ?? '';
  return async () => {
    const res = await fetchFn(
      new Request(req.url, { method: 'POST', headers: req.headers, body }),
      JSON.parse(body),
    );
    const text = await res.text();
    if (res.status !== 200 || !ok(text))
      throw new Error(`${req.label}: HTTP ${res.status} ${text.slice(0, 300)}`);
  };
}

function sdkHandler(factory: McpServerFactory): Fetch {
  const handler = createMcpHandler(factory, { legacy: 'stateless' });
  return (req, parsedBody) => handler.fetch(req, { parsedBody });
}

const upstreamPool = new Pool(flowhubUrl);
const upstreamPath = `/api/flows/${FLOW}`;
const upstreamHeaders = { 'x-api-key': apiKeyOf(workspacesFromEnv()) };
const { result } = await gateway.resolveCall('default', TOOL, { flow: FLOW }).execute({ principal });
if (result.isError === true)
  throw new Error(`gateway.resolveCall(${TOOL}) failed: ${JSON.stringify(result)}`);
const http = benchApp(bench, 'token');
const app = http.app;
const factory = createServerFactory(gateway);
const authInfo = requestAuthInfo({ requestId: 'bench', view: 'default', principal });
type Op = () => Promise<unknown> | unknown;
const defs: { key: string; label: string; op: Op }[] = [
  {
    key: 'upstream',
    label: 'upstream round trip: undici Pool GET + body read',
    op: async () => {
      const res = await upstreamPool.request({ path: upstreamPath, method: 'GET', headers: upstreamHeaders });
      await res.body.text();
    },
  },
  {
    key: 'gateway',
    label: 'gateway.resolveCall + execute (routing, validation, upstream client, result mapping)',
    op: async () => {
      const r = await gateway.resolveCall('default', TOOL, { flow: FLOW }).execute({ principal });
      if (r.result.isError === true) throw new Error('tool error');
    },
  },
  {
    key: 'factory',
    label: 'server factory only (new Server + 2 handlers)',
    op: () => factory({ era: 'modern', authInfo }),
  },
];
const pools: ReturnType<typeof createPooledServerFactory>[] = [];
const pooledFactory = (build: () => Server) => {
  const pool = createPooledServerFactory(build);
  pools.push(pool);
  return pool.factory;
};
for (const era of ['modern', 'legacy'] as const) {
  const req = eras[era];
  defs.push(
    {
      key: `sdk-${era}`,
      label: `SDK handler + our factory + gateway (${era})`,
      op: exchange(req, sdkHandler(factory)),
    },
    {
      key: `pooled-${era}`,
      label: `SDK handler + pooled servers + gateway (${era})`,
      op: exchange(req, sdkHandler(pooledFactory(() => gatewayServer(gateway, principal)))),
    },
    {
      key: `app-${era}`,
      label: `full in-process app.fetch: Hono edge (token auth, limits, audit) + SDK + gateway (${era})`,
      op: exchange(req, (r) => Promise.resolve(app.fetch(r))),
    },
    {
      key: `const-${era}`,
      label: `SDK alone, constant result, server per request (${era})`,
      op: exchange(
        req,
        sdkHandler(() => constantServer(result)),
      ),
    },
    {
      key: `const-pooled-${era}`,
      label: `SDK alone, constant result, pooled servers (${era})`,
      op: exchange(req, sdkHandler(pooledFactory(() => constantServer(result)))),
    },
  );
}

// Costs here are noisy (a shared 2-vCPU VM): run every case ROUNDS times, alternating the order,
// and keep the lowest wall and CPU figure of each.
const ROUNDS = 2;
const best = new Map<string, MicroCase>();
for (let round = 0; round < ROUNDS; round++) {
  for (const d of round % 2 === 0 ? defs : [...defs].reverse()) {
    const m = await measure(d.key, d.label, d.op, 300, 800);
    const prev = best.get(d.key);
    best.set(
      d.key,
      prev === undefined
        ? m
        : {
            ...m,
            ops: prev.ops + m.ops,
            wallUs: Math.min(prev.wallUs, m.wallUs),
            cpuUs: Math.min(prev.cpuUs, m.cpuUs),
          },
    );
  }
}
const cases = defs.map((d) => best.get(d.key)!);
if (pools.some((p) => p.built() > 4)) {
  throw new Error(
    `the server pool did not reuse instances (built: ${pools.map((p) => p.built()).join(', ')})`,
  );
}

await upstreamPool.close();
await http.close();
await bench.close();
process.send?.({ type: 'result', result: cases } satisfies ChildMessage);
process.disconnect?.();
