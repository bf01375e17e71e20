import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FaultUpstream, startFaultUpstream } from '../support/fault-upstream.js';
import { checkAnswer, Fuzzer } from '../support/fuzz.js';
import { type InMemoryGateway, inMemoryGateway } from '../support/in-memory.js';

const config = fileURLToPath(new URL('../fixtures/hardening.yaml', import.meta.url));
const CASES = Number(process.env.PORTICO_FUZZ_CASES ?? 1_500);
const SEED = Number(process.env.PORTICO_FUZZ_SEED ?? 20261203);

let upstream: FaultUpstream;
let gw: InMemoryGateway;
beforeAll(async () => {
  upstream = await startFaultUpstream();
  gw = await inMemoryGateway(config, { FAULT_URL: upstream.url });
});
afterAll(async () => {
  await gw.dispose();
  await upstream.close();
});

describe('hostile input: seeded fuzzing of /mcp', () => {
  it(
    `answers ${CASES} fuzzed POSTs with no 5xx, no -32603, always a JSON-RPC or HTTP error; RSS stays flat`,
    async () => {
      const tools = [...gw.gateway.catalog.tools.map((t) => t.name), 'whoami', 'no_such_tool'];
      const fuzz = new Fuzzer(SEED, tools);
      const failures: string[] = [];
      const statuses = new Map<number, number>();
      const send = async () => {
        const c = fuzz.next();
        const res = await gw.app.request('http://127.0.0.1/mcp', {
          method: 'POST',
          headers: { host: '127.0.0.1', ...c.headers },
          body: c.body as BodyInit,
        });
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        const problem = await checkAnswer(res);
        const kind = problem?.slice(0, 60) ?? '';
        if (problem !== undefined && failures.length < 40 && !failures.some((f) => f.startsWith(kind))) {
          failures.push(
            `${problem}\n  request: ${typeof c.body === 'string' ? c.body.slice(0, 300) : '<bytes>'} ${JSON.stringify(c.headers)}`,
          );
        }
      };
      const t0 = performance.now();
      const warmup = Math.min(500, Math.floor(CASES / 5));
      for (let i = 0; i < warmup; i++) await send();
      global.gc?.();
      const rssBefore = process.memoryUsage().rss;
      const heapBefore = process.memoryUsage().heapUsed;
      for (let i = warmup; i < CASES; i++) await send();
      global.gc?.();
      const rssAfter = process.memoryUsage().rss;
      const heapAfter = process.memoryUsage().heapUsed;
      const mib = (n: number) => Math.round(n / 1024 / 1024);
      console.info(
        `fuzz: ${CASES} cases, seed ${SEED}, statuses ${JSON.stringify(Object.fromEntries([...statuses].sort((a, b) => a[0] - b[0])))}, ` +
          `problems ${failures.length}, RSS ${mib(rssBefore)} → ${mib(rssAfter)} MiB, heap ${mib(heapBefore)} → ${mib(heapAfter)} MiB, ` +
          `mem ${JSON.stringify(Object.fromEntries(Object.entries(process.memoryUsage()).map(([k, v]) => [k, mib(v)])))}, ` +
          `audit rows ${(await gw.store.queryAudit({ limit: 10_000 })).length}+, ${Math.round(performance.now() - t0)} ms`,
      );
      expect(failures).toEqual([]);
      expect([...statuses.keys()].every((s) => s < 500)).toBe(true);
      // Flat within 20 % plus 32 MiB of allocator slack (a leak of the kind grows by GBs).
      expect(rssAfter).toBeLessThan(rssBefore * 1.2 + 32 * 1024 * 1024);
      await gw.security.audit.flush();
      expect(gw.security.audit.pending).toBe(0);
    },
    Math.max(120_000, CASES * 10),
  );
});
