import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client, type ClientCapabilities } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { Client as V1Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport as V1Transport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import {
  CreateMessageRequestSchema,
  ElicitRequestSchema,
  ListRootsRequestSchema,
} from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PorticoInstance } from '../../src/runtime/index.js';
import { connectClient } from '../support/clients.js';
import { startTestPortico } from '../support/portico.js';
import { freshReferenceState, normalized, REFERENCE_ENTRIES } from '../support/reference-servers.js';

/** The client application: what a host with an LLM, a user and a workspace would answer. */
const CAPABILITIES: ClientCapabilities = { sampling: {}, elicitation: { form: {}, url: {} }, roots: {} };
const sampled = (text: string) => ({
  model: 'host-model',
  role: 'assistant' as const,
  content: { type: 'text' as const, text: `answer to: ${text}` },
  stopReason: 'endTurn',
});
const ELICITED = { action: 'accept' as const, content: { name: 'Ada Lovelace', check: true, integer: 7 } };
const ROOTS = { roots: [{ uri: 'file:///work/project', name: 'project' }] };

/** Every server→client request the client application answered, in order. */
type Seen = { method: string; params: unknown }[];

interface Caller {
  callTool(name: string, args?: Record<string, unknown>): Promise<Result>;
  seen: Seen;
  close(): Promise<void>;
}
interface Result {
  isError?: boolean;
  content: { type: string; text?: string }[];
}

function firstText(params: unknown): string {
  const m = (params as { messages: { content: { text?: string } }[] }).messages[0];
  return m?.content.text ?? '';
}

/** SDK v2 client (2025-11-25 or 2026-07-28) with the client application's handlers for `caps`. */
function withV2Handlers(client: Client, seen: Seen, caps: ClientCapabilities = CAPABILITIES): void {
  if (caps.sampling !== undefined) {
    client.setRequestHandler('sampling/createMessage', async (req) => {
      seen.push({ method: req.method, params: req.params });
      return sampled(firstText(req.params));
    });
  }
  if (caps.elicitation !== undefined) {
    client.setRequestHandler('elicitation/create', async (req) => {
      seen.push({ method: req.method, params: req.params });
      return req.params.mode === 'url' ? { action: 'accept' } : ELICITED;
    });
  }
  if (caps.roots !== undefined) {
    client.setRequestHandler('roots/list', async (req) => {
      seen.push({ method: req.method, params: req.params });
      return ROOTS;
    });
  }
}

async function v2Caller(url: string, era: 'legacy' | 'modern', caps?: ClientCapabilities): Promise<Caller> {
  const seen: Seen = [];
  const client = await connectClient(url, era, undefined, caps === undefined ? {} : { capabilities: caps });
  if (caps !== undefined) withV2Handlers(client, seen, caps);
  return {
    seen,
    callTool: async (name, args = {}) => (await client.callTool({ name, arguments: args })) as Result,
    close: () => client.close(),
  };
}

async function v1Caller(url: string): Promise<Caller> {
  const seen: Seen = [];
  const client = new V1Client({ name: 'portico-e2e-v1', version: '1.0.0' }, { capabilities: CAPABILITIES });
  client.setRequestHandler(CreateMessageRequestSchema, async (req) => {
    seen.push({ method: req.method, params: req.params });
    return sampled(firstText(req.params));
  });
  client.setRequestHandler(ElicitRequestSchema, async (req) => {
    seen.push({ method: req.method, params: req.params });
    return req.params.mode === 'url' ? { action: 'accept' } : ELICITED;
  });
  client.setRequestHandler(ListRootsRequestSchema, async (req) => {
    seen.push({ method: req.method, params: req.params });
    return ROOTS;
  });
  await client.connect(new V1Transport(new URL(url)));
  return {
    seen,
    callTool: async (name, args = {}) => (await client.callTool({ name, arguments: args })) as Result,
    close: () => client.close(),
  };
}

/** The tools server-everything publishes only to a client declaring sampling, elicitation or roots. */
const CALLS: [string, Record<string, unknown>][] = [
  ['trigger-sampling-request', { prompt: 'name a colour', maxTokens: 20 }],
  ['trigger-elicitation-request', {}],
  [
    'trigger-url-elicitation',
    { url: 'https://example.com/consent', message: 'Consent', elicitationId: 'e-1' },
  ],
  ['get-roots-list', {}],
];

describe('server→client requests of server-everything relayed through Portico', () => {
  let portico: PorticoInstance;
  /** What server-everything answers a client with the same handlers, directly over stdio. */
  let direct: { tools: string[]; results: unknown[]; seen: string[] };

  beforeAll(async () => {
    const seen: Seen = [];
    const client = new Client(
      { name: 'direct', version: '1.0.0' },
      { capabilities: CAPABILITIES, versionNegotiation: { mode: 'legacy' } },
    );
    withV2Handlers(client, seen);
    await client.connect(
      new StdioClientTransport({
        command: process.execPath,
        args: [REFERENCE_ENTRIES.everything, 'stdio'],
        stderr: 'pipe',
      }),
    );
    try {
      const tools = (await client.listTools()).tools.map((t) => t.name);
      const results: unknown[] = [];
      for (const [name, args] of CALLS)
        results.push(normalized(await client.callTool({ name, arguments: args })));
      direct = { tools, results, seen: seen.map((s) => s.method) };
    } finally {
      await client.close();
    }

    const state = freshReferenceState();
    const file = join(state.dir, 'portico.yaml');
    writeFileSync(
      file,
      [
        'mcp_servers:',
        '  everything:',
        `    command: ${JSON.stringify(process.execPath)}`,
        `    args: ${JSON.stringify([REFERENCE_ENTRIES.everything, 'stdio'])}`,
        '    timeout_ms: 20000',
        '  sharedeverything:',
        `    command: ${JSON.stringify(process.execPath)}`,
        `    args: ${JSON.stringify([REFERENCE_ENTRIES.everything, 'stdio'])}`,
        '    isolation: shared',
        '  moderneverything:',
        `    command: ${JSON.stringify(process.execPath)}`,
        `    args: ${JSON.stringify([REFERENCE_ENTRIES.everything, 'stdio'])}`,
        '    timeout_ms: 20000',
        '',
      ].join('\n'),
    );
    portico = await startTestPortico(file);
  }, 60_000);
  afterAll(async () => {
    await portico?.close();
  });

  it('publishes the tools a sampling/elicitation/roots-capable client sees directly', async () => {
    for (const [name] of CALLS) expect(direct.tools).toContain(name);
    const lister = await connectClient(portico.mcpUrl, 'legacy');
    try {
      const names = (await lister.listTools()).tools.map((t) => t.name);
      const everything = names
        .filter((n) => n.startsWith('everything.'))
        .map((n) => n.slice('everything.'.length));
      // The task-augmented variants need the client `tasks` capability, which Portico does not declare.
      const expected = direct.tools.filter((t) => !t.endsWith('-async'));
      expect(everything.sort()).toEqual(expected.sort());
    } finally {
      await lister.close();
    }
  });

  // server-everything keeps the first roots it gets per process: each client kind uses its own server.
  // The 2026-07-28 client gets input-required results, fulfils them with the same handlers and retries.
  for (const [kind, server] of [
    ['v2-legacy', 'everything'],
    ['v1', 'sharedeverything'],
    ['v2-modern', 'moderneverything'],
  ] as const) {
    it(`relays sampling, elicitation and roots to the ${kind} client and gives the direct results`, async () => {
      const client =
        kind === 'v1'
          ? await v1Caller(portico.mcpUrl)
          : await v2Caller(portico.mcpUrl, kind === 'v2-modern' ? 'modern' : 'legacy', CAPABILITIES);
      try {
        const results: unknown[] = [];
        for (const [name, args] of CALLS) {
          results.push(normalized(await client.callTool(`${server}.${name}`, args)));
        }
        expect(results).toEqual(direct.results);
        const methods = client.seen.map((s) => s.method);
        for (const m of ['sampling/createMessage', 'elicitation/create', 'roots/list'])
          expect(methods).toContain(m);
        const sampling = client.seen.find((s) => s.method === 'sampling/createMessage');
        expect(firstText(sampling?.params)).toBe('Resource trigger-sampling-request context: name a colour');
      } finally {
        await client.close();
      }
    }, 60_000);
  }

  it('answers the server with a JSON-RPC error (shown in the tool result) when the client did not declare sampling', async () => {
    const client = await v2Caller(portico.mcpUrl, 'legacy', { elicitation: {} });
    try {
      const result = await client.callTool('everything.trigger-sampling-request', { prompt: 'x' });
      expect(result.isError).toBe(true);
      expect(result.content[0]?.text).toMatch(/-32601.*did not declare the sampling capability/s);
      const url = await client.callTool('everything.trigger-url-elicitation', {
        url: 'https://example.com',
        message: 'm',
      });
      expect(url.isError).toBe(true);
      expect(url.content[0]?.text).toMatch(/did not declare the elicitation\.url capability/);
      expect(client.seen).toEqual([]);
    } finally {
      await client.close();
    }
  });

  it('refuses a 2026-07-28 caller that did not declare the capability with -32021, asking nobody', async () => {
    const client = await v2Caller(portico.mcpUrl, 'modern', { elicitation: {} });
    try {
      const err = await client.callTool('everything.trigger-sampling-request', { prompt: 'x' }).then(
        () => undefined,
        (e: unknown) => e as { code?: number; data?: unknown },
      );
      expect(err?.code).toBe(-32021);
      expect(err?.data).toEqual({ requiredCapabilities: { sampling: {} } });
      expect(client.seen).toEqual([]);
    } finally {
      await client.close();
    }
  });

  it('a 2026-07-28 caller without roots is not asked for them: the server gets -32601, as for a 2025-11-25 caller', async () => {
    // roots/list asks what the client has (servers also ask it on their own), so it does not fail
    // the caller's request with -32021 the way a sampling or elicitation request does.
    const modern = await v2Caller(portico.mcpUrl, 'modern', { sampling: {} });
    const legacy = await v2Caller(portico.mcpUrl, 'legacy', { sampling: {} });
    try {
      const viaModern = await modern.callTool('everything.get-roots-list');
      const viaLegacy = await legacy.callTool('everything.get-roots-list');
      expect(viaModern.content).toEqual(viaLegacy.content);
      expect(viaModern.isError).toBe(viaLegacy.isError);
      expect(modern.seen).toEqual([]);
      expect(legacy.seen).toEqual([]);
    } finally {
      await modern.close();
      await legacy.close();
    }
  });

  it('relays only to the caller: another connected client is never asked', async () => {
    const caller = await v2Caller(portico.mcpUrl, 'legacy', CAPABILITIES);
    const bystander = await v1Caller(portico.mcpUrl);
    try {
      const result = await caller.callTool('everything.trigger-sampling-request', { prompt: 'mine' });
      expect(result.isError).toBeFalsy();
      expect(caller.seen.map((s) => s.method)).toEqual(['sampling/createMessage']);
      expect(bystander.seen).toEqual([]);
    } finally {
      await caller.close();
      await bystander.close();
    }
  });

  it('on a shared server, asks nobody while another call runs there (the request names no call)', async () => {
    const busy = await connectClient(portico.mcpUrl, 'legacy', undefined, { capabilities: CAPABILITIES });
    const busySeen: Seen = [];
    withV2Handlers(busy, busySeen);
    const caller = await v1Caller(portico.mcpUrl);
    try {
      let started: () => void = () => undefined;
      const running = new Promise<void>((resolve) => {
        started = resolve;
      });
      const long = busy.callTool(
        { name: 'sharedeverything.trigger-long-running-operation', arguments: { duration: 3, steps: 3 } },
        { onprogress: () => started() },
      );
      await running;
      const result = await caller.callTool('sharedeverything.trigger-sampling-request', { prompt: 'whose?' });
      expect(result.isError).toBe(true);
      expect(result.content[0]?.text).toMatch(/2 tools\/call requests are running on this connection/);
      expect(caller.seen).toEqual([]);
      expect(busySeen).toEqual([]);
      expect((await long).isError).toBeFalsy();
    } finally {
      await caller.close();
      await busy.close();
    }
  }, 30_000);
});

describe('relayed requests between tenants (per_tenant server, token auth)', () => {
  let portico: PorticoInstance;
  const secrets: Record<string, string> = {};

  beforeAll(async () => {
    const state = freshReferenceState();
    const file = join(state.dir, 'portico.yaml');
    writeFileSync(
      file,
      [
        'mcp_servers:',
        '  everything:',
        `    command: ${JSON.stringify(process.execPath)}`,
        `    args: ${JSON.stringify([REFERENCE_ENTRIES.everything, 'stdio'])}`,
        '',
      ].join('\n'),
    );
    portico = await startTestPortico(file, {}, { noAuth: false });
    for (const id of ['north', 'south']) {
      await portico.security.access.createTenant({ id, name: `${id} Ltd` });
      const { secret } = await portico.security.access.createToken({
        tenantId: id,
        label: `${id}-laptop`,
        scopes: ['mcp.tools.discovery', 'mcp.tools.invoke', 'mcp.tools.write'],
      });
      secrets[id] = secret;
    }
  }, 60_000);
  afterAll(async () => {
    await portico?.close();
  });

  it("asks only the calling tenant's client, while another tenant's call runs on its own instance", async () => {
    const connect = async (tenant: string) => {
      const seen: Seen = [];
      const client = await connectClient(
        portico.mcpUrl,
        'legacy',
        { Authorization: `Bearer ${secrets[tenant]}` },
        { capabilities: CAPABILITIES },
      );
      withV2Handlers(client, seen);
      return { client, seen };
    };
    const north = await connect('north');
    const south = await connect('south');
    try {
      let started: () => void = () => undefined;
      const running = new Promise<void>((resolve) => {
        started = resolve;
      });
      const long = south.client.callTool(
        { name: 'everything.trigger-long-running-operation', arguments: { duration: 3, steps: 3 } },
        { onprogress: () => started() },
      );
      await running;
      const result = (await north.client.callTool({
        name: 'everything.trigger-sampling-request',
        arguments: { prompt: 'north only' },
      })) as Result;
      expect(result.isError).toBeFalsy();
      expect(result.content[0]?.text).toContain(
        'answer to: Resource trigger-sampling-request context: north only',
      );
      expect(north.seen.map((s) => s.method)).toContain('sampling/createMessage');
      expect(south.seen.filter((s) => s.method === 'sampling/createMessage')).toEqual([]);
      expect((await long).isError).toBeFalsy();
    } finally {
      await north.client.close();
      await south.client.close();
    }
  }, 30_000);
});
