import { readFileSync } from 'node:fs';

/** The parts of a V8 `.cpuprofile` used here. */
interface CpuProfile {
  nodes: {
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number };
    children?: number[];
  }[];
  samples: number[];
  timeDeltas: number[];
}

type Frame = CpuProfile['nodes'][number]['callFrame'];

/** CPU time of a category, in µs per request and share of busy time. */
export interface ProfileShare {
  name: string;
  usPerRequest: number;
  share: number;
}

/** A categorized CPU profile of the gateway process under load. */
export interface ProfileBreakdown {
  requests: number;
  busyMs: number;
  /** Exclusive: each sample goes to the nearest package/source frame on its stack. */
  owners: ProfileShare[];
  /** Inclusive slices (stacks containing a marker frame); they may overlap. */
  slices: ProfileShare[];
  /** Functions with the most self time (`name (file:line) — owner`). */
  hottest: ProfileShare[];
}

const SDK = /\/node_modules\/(@modelcontextprotocol|zod)\//;

function ownerOf(frame: Frame): string | undefined {
  const { url } = frame;
  if (SDK.test(url)) return 'MCP SDK (incl. its zod message validation)';
  if (/\/node_modules\/(hono|@hono)\//.test(url)) return 'Hono + @hono/node-server adapter';
  if (url.includes('/node_modules/undici/')) return 'undici (upstream HTTP client)';
  if (url.includes('/node_modules/pino')) return 'pino (logger, silent)';
  if (url.includes('/node_modules/ajv')) return 'Portico (src/, incl. ajv argument validation)';
  if (url.includes('/node_modules/')) return 'other packages';
  if (url.includes('/src/')) return 'Portico (src/, incl. ajv argument validation)';
  return undefined;
}

const SLICES: { name: string; test: (stack: Frame[]) => boolean }[] = [
  {
    name: 'server construction in our factory (new Server + setRequestHandler)',
    test: (stack) =>
      stack.some((f, i) => f.url.endsWith('/src/mcp/server-factory.ts') && SDK.test(stack[i - 1]?.url ?? '')),
  },
  {
    name: 'SDK connect (per-request transport attach)',
    test: (stack) => stack.some((f) => f.functionName === 'connect' && SDK.test(f.url)),
  },
  {
    name: 'SDK close / teardown (per request)',
    test: (stack) =>
      stack.some((f) => (f.functionName === 'close' || f.functionName === '_onclose') && SDK.test(f.url)),
  },
  {
    name: 'zod schema validation (SDK message parsing)',
    test: (stack) => stack.some((f) => f.url.includes('/node_modules/zod/')),
  },
  {
    name: 'web-platform objects in Node internals (Request, Response, ReadableStream, AbortSignal)',
    test: (stack) =>
      stack.some((f) =>
        /^node:internal\/(webstreams|deps\/undici|worker\/js_transferable|abort_controller)/.test(f.url),
      ),
  },
  {
    name: 'Node HTTP server and sockets (node:_http_*, node:net)',
    test: (stack) => stack.some((f) => /^node:(_http_|net$)/.test(f.url)),
  },
  {
    name: 'Portico gateway + upstream client (src/gateway, src/upstream, undici)',
    test: (stack) => stack.some((f) => /\/src\/(gateway|upstream)\/|\/node_modules\/undici\//.test(f.url)),
  },
];

function functionLabel(frame: Frame | undefined): string {
  if (frame === undefined) return '?';
  const file = frame.url
    .replace(/^.*\/node_modules\//, '')
    .replace(/^file:\/\/.*?\/(src|bench|examples)\//, '$1/')
    .replace(/^node:internal\//, 'node:');
  if (file === '') return frame.functionName || '(native code)';
  // Line numbers of tsx-transpiled sources are not the .ts lines: name the file only.
  const where = file.endsWith('.ts') ? file : `${file}:${frame.lineNumber + 1}`;
  return `${frame.functionName || '(anonymous)'} (${where})`;
}

/** Categorize `file` (written by `--cpu-prof`) given how many requests it served. */
export function analyzeProfile(file: string, requests: number): ProfileBreakdown {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const stackCache = new Map<number, Frame[]>();
  const stackOf = (id: number): Frame[] => {
    let stack = stackCache.get(id);
    if (stack === undefined) {
      stack = [];
      for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
        const node = byId.get(cur);
        if (node !== undefined) stack.push(node.callFrame);
      }
      stackCache.set(id, stack);
    }
    return stack;
  };
  const owners = new Map<string, number>();
  const selfTime = new Map<string, number>();
  const slices = new Map<string, number>();
  for (const s of SLICES) slices.set(s.name, 0);
  let busy = 0;
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i + 1] ?? 0;
    const stack = stackOf(id);
    const leaf = stack[0]?.functionName ?? '';
    if (leaf === '(idle)') return;
    busy += dt;
    let owner: string | undefined;
    if (leaf === '(garbage collector)') owner = 'garbage collection';
    else if (leaf === '(program)') owner = 'V8/native, unattributed ((program))';
    else
      owner =
        stack.map(ownerOf).find((o) => o !== undefined) ?? 'Node.js runtime (HTTP parser, sockets, streams)';
    owners.set(owner, (owners.get(owner) ?? 0) + dt);
    const fn = functionLabel(stack[0]);
    selfTime.set(`${fn} — ${owner}`, (selfTime.get(`${fn} — ${owner}`) ?? 0) + dt);
    for (const s of SLICES) if (s.test(stack)) slices.set(s.name, (slices.get(s.name) ?? 0) + dt);
  });
  const share = (m: Map<string, number>, order?: string[]): ProfileShare[] =>
    [...m]
      .map(([name, us]) => ({ name, usPerRequest: us / requests, share: us / busy }))
      .sort((a, b) => (order ? order.indexOf(a.name) - order.indexOf(b.name) : b.share - a.share));
  return {
    requests,
    busyMs: busy / 1000,
    owners: share(owners),
    slices: share(
      slices,
      SLICES.map((s) => s.name),
    ),
    hottest: share(selfTime).slice(0, 15),
  };
}
