// The input-required (MRTR) bridge: a federated server's sampling/elicitation/roots requests reach a
// 2026-07-28 caller as input-required results, while the upstream request waits, suspended, in
// Portico. Real peers only: the SDK v2 client pinned to 2026-07-28 (auto-fulfilling with its own
// handlers, or in manual mode to look at each round), server-everything and the conformance
// fixture server federated over stdio.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Client, ClientCapabilities, FetchLike } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { PorticoInstance } from '../../src/runtime/index.js';
import { type ConformanceFixture, startConformanceFixture } from '../fixtures/conformance-server.js';
import { connectClient } from '../support/clients.js';
import { elicited, failure, type InputRequired, inputRequired, sampled } from '../support/input-required.js';
import { federationReady, startTestPortico } from '../support/portico.js';
import { freshReferenceState, REFERENCE_ENTRIES } from '../support/reference-servers.js';

const FIXTURE = fileURLToPath(new URL('../fixtures/conformance-server.ts', import.meta.url));
const INPUT_RESOURCE = fileURLToPath(new URL('../fixtures/mcp/input-resource-server.ts', import.meta.url));
const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const ALL: ClientCapabilities = { sampling: {}, elicitation: { form: {} }, roots: {} };

interface ToolResult {
  resultType?: string;
  isError?: boolean;
  content: { type: string; text?: string }[];
}
type Outcome = InputRequired | ToolResult;

/** One tools/call round in the SDK client's manual mode (the input-required result handed back). */
function round(
  client: Client,
  name: string,
  more: { inputResponses?: Record<string, unknown>; requestState?: string } = {},
  args: Record<string, unknown> = {},
): Promise<Outcome> {
  return client.request(
    { method: 'tools/call', params: { name, arguments: args, ...more } },
    { allowInputRequired: true },
  ) as Promise<Outcome>;
}

describe('input-required bridge for 2026-07-28 callers', () => {
  let portico: PorticoInstance;
  /** The fixture over Streamable HTTP: Portico reaches it on 2026-07-28 (server/discover). */
  let httpFixture: ConformanceFixture;
  const tokens: Record<string, string> = {};

  /** A 2026-07-28 client of `tenant` (its `token`, by default its first). */
  const modern = (
    caps: ClientCapabilities,
    opts: { tenant?: string; token?: string; manual?: boolean; fetch?: FetchLike } = {},
  ): Promise<Client> =>
    connectClient(
      portico.mcpUrl,
      'modern',
      { Authorization: `Bearer ${opts.token ?? tokens[opts.tenant ?? 'north']}` },
      { capabilities: caps, ...(opts.manual === true ? { inputRequired: { autoFulfill: false } } : {}) },
      opts.fetch,
    );

  beforeAll(async () => {
    httpFixture = await startConformanceFixture();
    const state = freshReferenceState();
    const file = join(state.dir, 'portico.yaml');
    const fixture = [
      `    command: ${JSON.stringify(process.execPath)}`,
      `    args: ${JSON.stringify(['--import', 'tsx', FIXTURE])}`,
      `    cwd: ${JSON.stringify(REPO_ROOT)}`,
    ];
    writeFileSync(
      file,
      [
        'server:',
        '  max_suspended_calls_per_tenant: 1',
        'mcp_servers:',
        '  everything:',
        `    command: ${JSON.stringify(process.execPath)}`,
        `    args: ${JSON.stringify([REFERENCE_ENTRIES.everything, 'stdio'])}`,
        '    timeout_ms: 20000',
        '  conformance:',
        ...fixture,
        '    timeout_ms: 20000',
        // A short name: the multiple-inputs tool's published name stays whole (naming.max_length).
        '  mi:',
        ...fixture,
        '    timeout_ms: 20000',
        // A short time limit: a suspended call nobody resumes ends with it.
        '  brief:',
        ...fixture,
        '    timeout_ms: 3000',
        '  asked:',
        `    command: ${JSON.stringify(process.execPath)}`,
        `    args: ${JSON.stringify(['--import', 'tsx', INPUT_RESOURCE])}`,
        `    cwd: ${JSON.stringify(REPO_ROOT)}`,
        '  modern:',
        `    url: ${httpFixture.url}`,
        '    timeout_ms: 20000',
        '',
      ].join('\n'),
    );
    portico = await startTestPortico(file, {}, { noAuth: false });
    // Six servers (five stdio children) connect at once: a loaded machine may need a retry.
    await federationReady(portico);
    for (const [tenant, label] of [
      ['north', 'north-1'],
      ['north', 'north-2'],
      ['south', 'south-1'],
      ['east', 'east-1'],
      ['west', 'west-1'],
      ['cap', 'cap-1'],
    ] as const) {
      if (!label.endsWith('-2')) await portico.security.access.createTenant({ id: tenant, name: tenant });
      const { secret } = await portico.security.access.createToken({
        tenantId: tenant,
        label,
        scopes: ['mcp.tools.discovery', 'mcp.tools.invoke', 'mcp.tools.write'],
      });
      tokens[label] = secret;
      tokens[tenant] ??= secret;
    }
  }, 120_000);
  afterAll(async () => {
    await portico?.close();
    await httpFixture?.close();
  });

  it('asks requests the server sends together in one input-required result, then completes', async () => {
    const client = await modern(ALL, { manual: true });
    try {
      const first = inputRequired(await round(client, 'mi.test_input_required_result_multiple_inputs'));
      const methods = Object.values(first.inputRequests).map((r) => r.method);
      expect(methods.sort()).toEqual(['elicitation/create', 'roots/list', 'sampling/createMessage']);
      const answers = Object.fromEntries(
        Object.entries(first.inputRequests).map(([key, r]) => [
          key,
          r.method === 'elicitation/create'
            ? elicited({ name: 'Ada' })
            : r.method === 'roots/list'
              ? { roots: [] }
              : sampled('hello'),
        ]),
      );
      const done = (await round(client, 'mi.test_input_required_result_multiple_inputs', {
        inputResponses: answers,
        requestState: first.requestState,
      })) as ToolResult;
      expect(done.isError).toBeFalsy();
      expect(done.content[0]?.text).toBe('All inputs received: user_name, greeting, client_roots');
      // Audit: the first request waited for input, the retry returned the call's result.
      const rows = await portico.security.audit.query({
        tenantId: 'north',
        tool: 'mi.test_input_required_result_multiple_inputs',
      });
      expect(rows.map((r) => r.outcome)).toEqual(['ok', 'input_required']);
    } finally {
      await client.close();
    }
  }, 30_000);

  it('runs several rounds with the client auto-fulfilling (server request → input-required → retry)', async () => {
    const client = await modern(ALL);
    const asked: string[] = [];
    client.setRequestHandler('elicitation/create', async (req) => {
      asked.push(req.params.message);
      return asked.length === 1 ? elicited({ name: 'Ada' }) : elicited({ color: 'blue' });
    });
    try {
      const result = (await client.callTool({
        name: 'conformance.test_input_required_result_multi_round',
        arguments: {},
      })) as ToolResult;
      expect(result.isError).toBeFalsy();
      expect(result.content[0]?.text).toBe('Completed: color=blue');
      expect(asked).toEqual(['Step 1: What is your name?', 'Step 2: What is your favorite color?']);
    } finally {
      await client.close();
    }
  }, 30_000);

  it("bridges a 2026-07-28 upstream's own input-required results (fulfilled by Portico's SDK client)", async () => {
    const status = portico
      .federation()
      .status()
      .find((s) => s.name === 'modern');
    expect(status?.protocolVersion).toBe('2026-07-28');
    const client = await modern(ALL);
    const asked: string[] = [];
    client.setRequestHandler('elicitation/create', async (req) => {
      asked.push(req.params.message);
      return asked.length === 1 ? elicited({ name: 'Ada' }) : elicited({ color: 'green' });
    });
    try {
      const result = (await client.callTool({
        name: 'modern.test_input_required_result_multi_round',
        arguments: {},
      })) as ToolResult;
      expect(result.content[0]?.text).toBe('Completed: color=green');
      expect(asked).toEqual(['Step 1: What is your name?', 'Step 2: What is your favorite color?']);
    } finally {
      await client.close();
    }
  }, 30_000);

  it('asks again for what a retry left unanswered, never hangs', async () => {
    const client = await modern(ALL, { manual: true });
    try {
      const tool = 'conformance.test_input_required_result_elicitation';
      const first = inputRequired(await round(client, tool));
      const [key] = Object.keys(first.inputRequests);
      const again = inputRequired(
        await round(client, tool, {
          inputResponses: { other: elicited({ name: 'x' }) },
          requestState: first.requestState,
        }),
      );
      expect(Object.keys(again.inputRequests)).toEqual([key]);
      expect(again.requestState).not.toBe(first.requestState);
      const done = (await round(client, tool, {
        inputResponses: { [key!]: elicited({ name: 'Ada' }) },
        requestState: again.requestState,
      })) as ToolResult;
      expect(done.content[0]?.text).toBe('Hello, Ada!');
      // The state of an earlier round is spent.
      const stale = await failure(
        round(client, tool, {
          inputResponses: { [key!]: elicited({ name: 'Ada' }) },
          requestState: again.requestState,
        }),
      );
      expect(stale?.code).toBe(-32602);
      expect(stale?.message).toMatch(/no longer suspended/);
    } finally {
      await client.close();
    }
  }, 30_000);

  it('refuses a retry that names another tool than the suspended call', async () => {
    const client = await modern(ALL, { manual: true });
    try {
      const tool = 'conformance.test_input_required_result_elicitation';
      const first = inputRequired(await round(client, tool));
      const [key] = Object.keys(first.inputRequests);
      const answer = {
        inputResponses: { [key!]: elicited({ name: 'Ada' }) },
        requestState: first.requestState,
      };
      const err = await failure(
        round(client, 'conformance.test_input_required_result_request_state', answer),
      );
      expect(err?.code).toBe(-32602);
      expect(err?.data?.reason).toBe('other_request');
      const done = (await round(client, tool, answer)) as ToolResult;
      expect(done.content[0]?.text).toBe('Hello, Ada!');
    } finally {
      await client.close();
    }
  }, 30_000);

  it('refuses a tampered requestState with the frozen -32602, and the call stays resumable', async () => {
    const client = await modern(ALL, { manual: true });
    try {
      const tool = 'conformance.test_input_required_result_elicitation';
      const first = inputRequired(await round(client, tool));
      const [key] = Object.keys(first.inputRequests);
      const answer = { [key!]: elicited({ name: 'Ada' }) };
      const tampered = await failure(
        round(client, tool, { inputResponses: answer, requestState: `${first.requestState}x` }),
      );
      expect(tampered?.code).toBe(-32602);
      expect(tampered?.message).toBe('Invalid or expired requestState');
      const done = (await round(client, tool, {
        inputResponses: answer,
        requestState: first.requestState,
      })) as ToolResult;
      expect(done.content[0]?.text).toBe('Hello, Ada!');
    } finally {
      await client.close();
    }
  }, 30_000);

  it("never lets another tenant's (or another token's) retry resume a call", async () => {
    const owner = await modern(ALL, { tenant: 'north', manual: true });
    const sameTenant = await modern(ALL, { token: tokens['north-2'], manual: true });
    const otherTenant = await modern(ALL, { tenant: 'south', manual: true });
    try {
      const tool = 'conformance.test_input_required_result_elicitation';
      const first = inputRequired(await round(owner, tool));
      const [key] = Object.keys(first.inputRequests);
      const answer = { [key!]: elicited({ name: 'Mallory' }) };
      for (const thief of [otherTenant, sameTenant]) {
        const err = await failure(
          round(thief, tool, { inputResponses: answer, requestState: first.requestState }),
        );
        expect(err?.code).toBe(-32602);
        expect(err?.message).toBe('Invalid or expired requestState');
      }
      const done = (await round(owner, tool, {
        inputResponses: { [key!]: elicited({ name: 'Ada' }) },
        requestState: first.requestState,
      })) as ToolResult;
      expect(done.content[0]?.text).toBe('Hello, Ada!');
    } finally {
      await owner.close();
      await sameTenant.close();
      await otherTenant.close();
    }
  }, 30_000);

  it('answers -32021 with HTTP 400 when the server needs a capability the caller did not declare', async () => {
    const statuses: number[] = [];
    const recording: FetchLike = async (url, init) => {
      const res = await fetch(url, init);
      statuses.push(res.status);
      return res;
    };
    const client = await modern({ elicitation: {} }, { tenant: 'east', fetch: recording });
    try {
      statuses.length = 0;
      const err = await failure(
        client.callTool({ name: 'conformance.test_missing_capability', arguments: {} }),
      );
      expect(err?.code).toBe(-32021);
      expect(err?.data).toEqual({ requiredCapabilities: { sampling: {} } });
      expect(statuses).toEqual([400]);
      // The upstream request was cancelled: the tenant's next call on that server is asked alone.
      const asked: string[] = [];
      client.setRequestHandler('elicitation/create', async (req) => {
        asked.push(req.params.message);
        return elicited({ name: 'Ada' });
      });
      const next = (await client.callTool({
        name: 'conformance.test_input_required_result_elicitation',
        arguments: {},
      })) as ToolResult;
      expect(next.content[0]?.text).toBe('Hello, Ada!');
    } finally {
      await client.close();
    }
  }, 30_000);

  it('relays during prompts/get too (2026-07-28 and 2025-11-25 callers)', async () => {
    for (const era of ['modern', 'legacy'] as const) {
      const client = await connectClient(
        portico.mcpUrl,
        era,
        { Authorization: `Bearer ${tokens.north}` },
        { capabilities: ALL },
      );
      client.setRequestHandler('elicitation/create', async () => elicited({ name: `Ada-${era}` }));
      try {
        const prompt = await client.getPrompt({ name: 'conformance.test_input_required_result_prompt' });
        expect(prompt.messages).toEqual([
          { role: 'user', content: { type: 'text', text: `Greet Ada-${era}.` } },
        ]);
      } finally {
        await client.close();
      }
    }
  }, 30_000);

  it('relays during resources/read too (2026-07-28 and 2025-11-25 callers)', async () => {
    for (const era of ['modern', 'legacy'] as const) {
      const client = await connectClient(
        portico.mcpUrl,
        era,
        { Authorization: `Bearer ${tokens.north}` },
        { capabilities: ALL },
      );
      client.setRequestHandler('elicitation/create', async () => elicited({ name: `Bo-${era}` }));
      try {
        const read = await client.readResource({ uri: 'portico:asked/asked://greeting' });
        expect(read.contents).toEqual([
          { uri: 'portico:asked/asked://greeting', mimeType: 'text/plain', text: `Hello, Bo-${era}.` },
        ]);
      } finally {
        await client.close();
      }
    }
  }, 30_000);

  it("ends a suspended call nobody resumes at its server's time limit, cancelling the upstream", async () => {
    const client = await modern(ALL, { tenant: 'west', manual: true });
    try {
      const tool = 'brief.test_input_required_result_elicitation';
      // Start the tenant's instance first, so the short limit is spent on the call alone. Under
      // load the listing instance may still be (re)connecting: wait until the server's tools are
      // served.
      await vi.waitFor(
        async () =>
          expect(((await round(client, 'brief.test_simple_text')) as ToolResult).isError).toBeFalsy(),
        { timeout: 20_000, interval: 250 },
      );
      const first = inputRequired(await round(client, tool));
      const [key] = Object.keys(first.inputRequests);
      const answer = {
        inputResponses: { [key!]: elicited({ name: 'Ada' }) },
        requestState: first.requestState,
      };
      // Probe without resuming it (a retry naming another tool is refused and leaves it waiting)
      // until its time limit has ended it.
      await vi.waitFor(
        async () => {
          const probe = await failure(round(client, 'brief.test_simple_text', answer));
          expect(probe?.data?.reason).toBe('expired');
        },
        { timeout: 15_000, interval: 250 },
      );
      const err = await failure(round(client, tool, answer));
      expect(err?.code).toBe(-32602);
      expect(err?.message).toMatch(/no longer suspended.*time limit/s);
      expect(err?.data?.reason).toBe('expired');
      // Nothing of it is left running on the connection: a new call is asked and completes.
      const again = inputRequired(await round(client, tool));
      const [k2] = Object.keys(again.inputRequests);
      const done = (await round(client, tool, {
        inputResponses: { [k2!]: elicited({ name: 'Bo' }) },
        requestState: again.requestState,
      })) as ToolResult;
      expect(done.content[0]?.text).toBe('Hello, Bo!');
    } finally {
      await client.close();
    }
  }, 60_000);

  it('caps the suspended calls of one tenant, with a clear error', async () => {
    const client = await modern(ALL, { tenant: 'cap', manual: true });
    try {
      const held = inputRequired(await round(client, 'conformance.test_input_required_result_elicitation'));
      const refused = await failure(
        round(client, 'everything.trigger-sampling-request', {}, { prompt: 'one too many' }),
      );
      expect(refused?.code).toBe(-32029);
      expect(refused?.message).toMatch(/already has 1 requests waiting for client input/);
      const [key] = Object.keys(held.inputRequests);
      const done = (await round(client, 'conformance.test_input_required_result_elicitation', {
        inputResponses: { [key!]: elicited({ name: 'Ada' }) },
        requestState: held.requestState,
      })) as ToolResult;
      expect(done.content[0]?.text).toBe('Hello, Ada!');
      // The slot is free again.
      const sampledNow = (await round(
        client,
        'everything.trigger-sampling-request',
        {},
        { prompt: 'now' },
      )) as Outcome;
      expect(sampledNow.resultType).toBe('input_required');
    } finally {
      await client.close();
    }
  }, 30_000);
});
