/**
 * A seeded fuzzer of MCP POSTs (JSON-RPC bodies, headers, arguments) and the checks every answer
 * must pass: no 5xx, no -32603, every answer a JSON-RPC message or a JSON HTTP error.
 */

/** mulberry32: a small deterministic PRNG. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface FuzzCase {
  headers: Record<string, string>;
  body: string | Uint8Array;
}

const METHODS = [
  'tools/list',
  'tools/call',
  'tools/call',
  'tools/call',
  'tools/invoke',
  'initialize',
  'ping',
  'notifications/initialized',
  'notifications/cancelled',
  'notifications/progress',
  'resources/list',
  'prompts/get',
  'logging/setLevel',
  'completion/complete',
  'server/discover',
  '',
  'rpc.foo',
  '__proto__',
];
const VERSIONS = ['2026-07-28', '2025-11-25', '2025-06-18', '2024-11-05', '1999-01-01', 'x'];
const STRINGS = [
  '',
  'a',
  'get_item',
  'create_echo',
  '../../etc/passwd',
  '\u0000',
  '\ud800',
  'é',
  '%00',
  'x'.repeat(300),
];

export class Fuzzer {
  private readonly r: () => number;
  constructor(
    seed: number,
    private readonly tools: string[],
  ) {
    this.r = prng(seed);
  }

  private int(n: number): number {
    return Math.floor(this.r() * n);
  }
  private pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)] as T;
  }
  private chance(p: number): boolean {
    return this.r() < p;
  }

  /** A random JSON value, sometimes very deep (an iterative build, up to 3,000 levels). */
  value(depth = 0): unknown {
    if (depth === 0 && this.chance(0.03)) return this.deep(this.pick([65, 200, 2_000, 3_000]));
    const k = this.int(depth > 3 ? 6 : 9);
    switch (k) {
      case 0:
        return null;
      case 1:
        return this.chance(0.5);
      case 2:
        return this.pick([0, -1, 1.5, 2 ** 53 + 1, 1e308, -0, 42]);
      case 3:
      case 4:
        return this.pick(STRINGS);
      case 5:
        return this.pick(this.tools);
      case 6:
      case 7: {
        const o: Record<string, unknown> = {};
        for (let i = this.int(4); i > 0; i--)
          o[this.pick(['a', 'id', 'name', 'cursor', '__proto__', 'constructor', '_meta'])] = this.value(
            depth + 1,
          );
        return o;
      }
      default:
        return Array.from({ length: this.int(4) }, () => this.value(depth + 1));
    }
  }

  private deep(levels: number): unknown {
    let v: unknown = this.chance(0.5) ? 1 : 'x';
    const arrays = this.chance(0.5);
    for (let i = 0; i < levels; i++) v = arrays ? [v] : { a: v };
    return v;
  }

  private meta(): Record<string, unknown> {
    const m: Record<string, unknown> = {};
    if (this.chance(0.5)) m['io.modelcontextprotocol/protocolVersion'] = this.pick(VERSIONS);
    if (this.chance(0.5))
      m['io.modelcontextprotocol/clientCapabilities'] = this.chance(0.7) ? {} : this.value();
    if (this.chance(0.4))
      m['io.modelcontextprotocol/clientInfo'] = this.chance(0.7)
        ? { name: 'fuzz', version: '1' }
        : this.value();
    if (this.chance(0.2)) m.progressToken = this.value(3);
    if (this.chance(0.1)) m[this.pick(STRINGS)] = this.value();
    return m;
  }

  private params(method: string): unknown {
    if (this.chance(0.1)) return this.value();
    const p: Record<string, unknown> = {};
    if (method.startsWith('tools/') && method !== 'tools/list') {
      p.name = this.chance(0.85) ? this.pick(this.tools) : this.value(2);
      if (this.chance(0.8)) {
        const args: Record<string, unknown> = {};
        for (const k of ['id', 'name', 'verbose', 'payload', 'extra', 'flow'])
          if (this.chance(0.4)) args[k] = this.value(1);
        p.arguments = this.chance(0.9) ? args : this.value();
      }
    } else if (method === 'tools/list') {
      if (this.chance(0.3))
        p.cursor = this.chance(0.5)
          ? this.value(2)
          : Buffer.from(JSON.stringify(this.value(2))).toString('base64url');
    } else if (method === 'initialize') {
      p.protocolVersion = this.chance(0.8) ? this.pick(VERSIONS) : this.value(2);
      p.capabilities = this.chance(0.7) ? {} : this.value();
      p.clientInfo = this.chance(0.7) ? { name: 'fuzz', version: '1' } : this.value();
    } else if (this.chance(0.5)) {
      p[this.pick(['requestId', 'level', 'ref', 'uri', 'name'])] = this.value(1);
    }
    if (this.chance(0.5)) p._meta = this.chance(0.9) ? this.meta() : this.value();
    return p;
  }

  /** One POST: mostly plausible JSON-RPC with hostile parts, sometimes garbage. */
  next(): FuzzCase {
    const method = this.chance(0.95) ? this.pick(METHODS) : JSON.stringify(this.value(1)).slice(0, 40);
    const headers: Record<string, string> = {
      accept: this.chance(0.92)
        ? 'application/json, text/event-stream'
        : this.pick(['application/json', '*/*', 'text/html', '']),
      'content-type': this.chance(0.93)
        ? 'application/json'
        : this.pick([
            'text/plain',
            'application/json; charset=latin1',
            'application/x-www-form-urlencoded',
            '',
          ]),
    };
    const body: Record<string, unknown> = { jsonrpc: this.chance(0.95) ? '2.0' : this.value(1) };
    if (this.chance(0.9)) body.id = this.chance(0.85) ? this.int(1_000_000) : this.value(1);
    if (this.chance(0.98)) body.method = method;
    if (this.chance(0.9)) body.params = this.params(method);
    const modern =
      typeof (body.params as { _meta?: Record<string, unknown> } | undefined)?._meta?.[
        'io.modelcontextprotocol/protocolVersion'
      ] === 'string';
    if (modern || this.chance(0.1)) {
      headers['mcp-protocol-version'] = this.chance(0.85) ? '2026-07-28' : this.pick(VERSIONS);
      if (this.chance(0.8)) headers['mcp-method'] = this.chance(0.9) ? method : this.pick(METHODS);
      if (this.chance(0.3) && method.startsWith('tools/call')) headers['mcp-name'] = this.pick(this.tools);
    } else if (this.chance(0.3)) {
      headers['mcp-protocol-version'] = this.pick(VERSIONS);
    }
    if (this.chance(0.05)) headers['mcp-session-id'] = this.pick(['x', 'a'.repeat(200), 'v1.abc.def']);
    if (this.chance(0.05))
      headers['x-request-id'] = this.pick(
        STRINGS.filter((s) => !s.includes('\u0000') && !s.includes('\ud800')),
      );
    if (this.chance(0.05))
      headers.traceparent = this.pick([
        '00-abc',
        '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
        'zz',
      ]);
    for (const [k, v] of Object.entries(headers)) {
      try {
        new Headers().set(k, v); // what fetch would refuse to send is not sent
      } catch {
        delete headers[k];
      }
    }
    let text = JSON.stringify(body);
    const mode = this.int(100);
    if (mode < 3) text = text.slice(0, this.int(text.length));
    else if (mode < 5)
      text = this.pick([
        '',
        'null',
        '[]',
        '[{}]',
        '"x"',
        '1',
        '{',
        '}}}',
        'nan',
        '{"jsonrpc":"2.0","id":1,"method":"ping"}'.repeat(2),
      ]);
    else if (mode < 6)
      return { headers, body: Uint8Array.from({ length: this.int(64) }, () => this.int(256)) };
    return { headers, body: text };
  }
}

/** What is wrong with one answer (undefined when it is acceptable). */
export async function checkAnswer(res: Response): Promise<string | undefined> {
  const text = await res.text();
  if (res.status >= 500) return `HTTP ${res.status}: ${text.slice(0, 300)}`;
  if (res.status === 202 || res.status === 204) return text === '' ? undefined : `body on ${res.status}`;
  const type = res.headers.get('content-type') ?? '';
  const messages: unknown[] = [];
  try {
    if (type.startsWith('text/event-stream')) {
      for (const line of text.split('\n'))
        if (line.startsWith('data:') && line.slice(5).trim() !== '') messages.push(JSON.parse(line.slice(5)));
      if (messages.length === 0) return `empty event stream (HTTP ${res.status})`;
    } else if (type.startsWith('application/json')) {
      messages.push(JSON.parse(text));
    } else {
      return `HTTP ${res.status} with content-type "${type}": ${text.slice(0, 200)}`;
    }
  } catch {
    return `unparseable body (HTTP ${res.status}): ${text.slice(0, 200)}`;
  }
  for (const m of messages) {
    const msg = m as {
      jsonrpc?: unknown;
      result?: unknown;
      error?: { code?: unknown; message?: unknown };
      method?: unknown;
    };
    if (msg === null || typeof msg !== 'object') return `not an object: ${text.slice(0, 200)}`;
    if (msg.jsonrpc !== '2.0') {
      // The few non-MCP routes answer {error: {code, message}}.
      if (res.status >= 400 && typeof msg.error?.message === 'string') continue;
      return `not JSON-RPC: ${text.slice(0, 200)}`;
    }
    if (msg.error !== undefined) {
      if (typeof msg.error.code !== 'number' || typeof msg.error.message !== 'string')
        return `bad error object: ${text.slice(0, 200)}`;
      if (msg.error.code === -32603) return `-32603: ${text.slice(0, 300)}`;
    } else if (msg.result === undefined && msg.method === undefined) {
      return `neither result nor error: ${text.slice(0, 200)}`;
    }
  }
  return undefined;
}
