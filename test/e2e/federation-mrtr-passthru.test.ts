// Input-required results passed through between a 2026-07-28 caller and a 2026-07-28 federated
// server (the conformance fixture over Streamable HTTP, which Portico reaches with 2026-07-28):
// the caller gets the server's own input keys and a requestState that is Portico's signed wrapper
// of the server's own, the retry goes to the server as is — from any replica, since nothing is
// held — and the server sees the caller's capabilities. Real peers only: the SDK v2 client pinned
// to 2026-07-28 (manual mode to look at each round, or auto-fulfilling with its handlers), the
// fixture server, and two Portico instances on one store (same signing secret, no Redis).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client, ClientCapabilities, FetchLike } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PorticoInstance } from '../../src/runtime/index.js';
import { type ConformanceFixture, startConformanceFixture } from '../fixtures/conformance-server.js';
import { startInputResourceHttp } from '../fixtures/mcp/input-resource-server.js';
import { connectClient } from '../support/clients.js';
import { elicited, failure, type InputRequired, inputRequired, sampled } from '../support/input-required.js';
import { startTestPortico } from '../support/portico.js';

const ALL: ClientCapabilities = { sampling: {}, elicitation: { form: {} }, roots: {} };

interface Complete {
  resultType?: string;
  _meta?: Record<string, unknown>;
  isError?: boolean;
  content?: { type: string; text?: string }[];
  messages?: { role: string; content: { type: string; text?: string } }[];
}
type Outcome = InputRequired | Complete;

const SERVER_INFO = 'io.modelcontextprotocol/serverInfo';
const withoutServerInfo = ({ asked, result }: { asked: string[][]; result: Complete }) => {
  const { [SERVER_INFO]: _info, ...meta } = result._meta ?? {};
  return { asked, result: { ...result, _meta: meta } };
};

/** The caller's answer to each input request, by method. */
const answer = (r: { method: string }) =>
  r.method === 'elicitation/create'
    ? elicited({ name: 'Ada', color: 'teal', ok: true })
    : r.method === 'roots/list'
      ? { roots: [{ uri: 'file:///work', name: 'work' }] }
      : sampled('hello');
const answersTo = (ir: InputRequired) =>
  Object.fromEntries(Object.entries(ir.inputRequests).map(([k, r]) => [k, answer(r)]));

/** One round in the SDK client's manual mode (the input-required result handed back). */
function send(
  client: Client,
  method: 'tools/call' | 'prompts/get',
  name: string,
  more: { inputResponses?: Record<string, unknown>; requestState?: string } = {},
): Promise<Outcome> {
  const params = method === 'tools/call' ? { name, arguments: {}, ...more } : { name, ...more };
  return client.request({ method, params } as never, { allowInputRequired: true }) as Promise<Outcome>;
}

/** Every round of `name` until its result, answering each request; the keys asked per round. */
async function rounds(
  client: Client,
  method: 'tools/call' | 'prompts/get',
  name: string,
  next: () => Client = () => client,
): Promise<{ asked: string[][]; result: Complete }> {
  const asked: string[][] = [];
  let outcome = await send(client, method, name);
  while (outcome.resultType === 'input_required') {
    const ir = outcome as InputRequired;
    asked.push(Object.keys(ir.inputRequests).sort());
    expect(asked.length).toBeLessThan(5);
    outcome = await send(next(), method, name, {
      inputResponses: answersTo(ir),
      ...(ir.requestState !== undefined ? { requestState: ir.requestState } : {}),
    });
  }
  return { asked, result: outcome as Complete };
}

describe('input-required results passed through (2026-07-28 caller, 2026-07-28 server)', () => {
  let fixture: ConformanceFixture;
  /** A resource that asks who reads it, over HTTP (2026-07-28). */
  let asked: Awaited<ReturnType<typeof startInputResourceHttp>>;
  /** a and b: two instances on one store (same secret), no Redis between them. */
  let a: PorticoInstance;
  let b: PorticoInstance;
  const tokens: Record<string, string> = {};

  const modern = (
    target: PorticoInstance,
    caps: ClientCapabilities,
    opts: { token?: string; manual?: boolean; fetch?: FetchLike } = {},
  ): Promise<Client> =>
    connectClient(
      target.mcpUrl,
      'modern',
      { Authorization: `Bearer ${opts.token ?? tokens.north}` },
      { capabilities: caps, ...(opts.manual === false ? {} : { inputRequired: { autoFulfill: false } }) },
      opts.fetch,
    );
  const direct = (caps: ClientCapabilities, manual = true): Promise<Client> =>
    connectClient(
      fixture.url,
      'modern',
      undefined,
      { capabilities: caps, ...(manual ? { inputRequired: { autoFulfill: false } } : {}) },
      undefined,
    );

  beforeAll(async () => {
    fixture = await startConformanceFixture();
    asked = await startInputResourceHttp();
    const dataDir = mkdtempSync(join(tmpdir(), 'portico-passthru-'));
    const file = join(dataDir, 'portico.yaml');
    writeFileSync(
      file,
      [
        'naming:',
        '  strategy: flat',
        'mcp_servers:',
        '  modern:',
        `    url: ${fixture.url}`,
        '    timeout_ms: 20000',
        '  asked:',
        `    url: ${asked.url}`,
        '',
      ].join('\n'),
    );
    a = await startTestPortico(file, {}, { noAuth: false, dataDir });
    b = await startTestPortico(file, {}, { noAuth: false, dataDir });
    for (const [tenant, label] of [
      ['north', 'north'],
      ['north', 'north-2'],
      ['south', 'south'],
    ] as const) {
      if (label === tenant) await a.security.access.createTenant({ id: tenant, name: tenant });
      const { secret } = await a.security.access.createToken({
        tenantId: tenant,
        label,
        scopes: ['mcp.tools.discovery', 'mcp.tools.invoke', 'mcp.tools.write'],
      });
      tokens[label] = secret;
    }
  }, 60_000);
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await fixture?.close();
    await asked?.close();
  });

  it('reaches the fixture with 2026-07-28', () => {
    expect(
      a
        .federation()
        .status()
        .find((s) => s.name === 'modern')?.protocolVersion,
    ).toBe('2026-07-28');
  });

  it("hands the caller the server's own input requests (its keys), then its result: as called directly", async () => {
    const [viaPortico, viaDirect] = [await modern(a, ALL), await direct(ALL)];
    try {
      for (const [method, name] of [
        ['tools/call', 'test_input_required_result_multiple_inputs'],
        ['tools/call', 'test_input_required_result_multi_round'],
        ['tools/call', 'test_input_required_result_request_state'],
        ['prompts/get', 'test_input_required_result_prompt'],
      ] as const) {
        const first = inputRequired(await send(viaPortico, method, name));
        const firstDirect = inputRequired(await send(viaDirect, method, name));
        expect(first.inputRequests, name).toEqual(firstDirect.inputRequests);
        // Portico's own state (a signed wrapper of the server's), never the server's as is.
        expect(first.requestState).toMatch(/^p1\./);
        expect(first.requestState).not.toBe(firstDirect.requestState);
        const through = await rounds(viaPortico, method, name);
        const straight = await rounds(viaDirect, method, name);
        // The same rounds and result (the answering server's info aside).
        expect(withoutServerInfo(through), name).toEqual(withoutServerInfo(straight));
      }
      expect(
        (await rounds(viaPortico, 'tools/call', 'test_input_required_result_multiple_inputs')).asked,
      ).toEqual([['client_roots', 'greeting', 'user_name']]);
      // Audit: the first request waited for input, the retry returned the call's result.
      const rows = await a.security.audit.query({
        tenantId: 'north',
        tool: 'test_input_required_result_request_state',
      });
      // (newest first: the retry's result, the two first requests' input-required answers)
      expect(rows.map((r) => r.outcome)).toEqual(['ok', 'input_required', 'input_required']);
    } finally {
      await viaPortico.close();
      await viaDirect.close();
    }
  }, 60_000);

  it("passes resources/read through too: the server's key, its contents", async () => {
    const viaPortico = await modern(a, ALL);
    const viaDirect = await connectClient(asked.url, 'modern', undefined, {
      capabilities: ALL,
      inputRequired: { autoFulfill: false },
    });
    try {
      const read = (client: Client, more: Record<string, unknown> = {}) =>
        client.request({ method: 'resources/read', params: { uri: 'asked://greeting', ...more } } as never, {
          allowInputRequired: true,
        }) as Promise<Outcome & { contents?: unknown[] }>;
      const first = inputRequired(await read(viaPortico));
      expect(first.inputRequests).toEqual(inputRequired(await read(viaDirect)).inputRequests);
      expect(Object.keys(first.inputRequests)).toEqual(['reader']);
      const done = await read(viaPortico, {
        inputResponses: { reader: elicited({ name: 'Ada' }) },
        requestState: first.requestState,
      });
      const straight = await read(viaDirect, { inputResponses: { reader: elicited({ name: 'Ada' }) } });
      expect(done.contents).toEqual(straight.contents);
      expect(done.contents).toEqual([
        { uri: 'asked://greeting', mimeType: 'text/plain', text: 'Hello, Ada.' },
      ]);
    } finally {
      await viaPortico.close();
      await viaDirect.close();
    }
  }, 30_000);

  it('passes a tool with an output schema through: its input-required round, then its structured result', async () => {
    const client = await modern(a, ALL, { manual: false });
    client.setRequestHandler('elicitation/create', async () => elicited({ name: 'Ada' }));
    try {
      const result = (await client.callTool({ name: 'greet_structured', arguments: {} })) as Complete & {
        structuredContent?: unknown;
      };
      expect(result.isError).toBeFalsy();
      expect(result.structuredContent).toEqual({ greeting: 'Hello, Ada.' });
    } finally {
      await client.close();
    }
  }, 30_000);

  it('lets the SDK client auto-fulfil the rounds with its handlers', async () => {
    const client = await modern(a, ALL, { manual: false });
    const asked: string[] = [];
    client.setRequestHandler('elicitation/create', async (req) => {
      asked.push(req.params.message);
      return asked.length === 1 ? elicited({ name: 'Ada' }) : elicited({ color: 'green' });
    });
    try {
      const result = (await client.callTool({
        name: 'test_input_required_result_multi_round',
        arguments: {},
      })) as Complete;
      expect(result.content?.[0]?.text).toBe('Completed: color=green');
      expect(asked).toEqual(['Step 1: What is your name?', 'Step 2: What is your favorite color?']);
    } finally {
      await client.close();
    }
  }, 30_000);

  it('holds nothing: each retry may reach another instance (same secret, no Redis)', async () => {
    const onA = await modern(a, ALL);
    const onB = await modern(b, ALL);
    try {
      let turn = 0;
      const { asked, result } = await rounds(
        onA,
        'tools/call',
        'test_input_required_result_multi_round',
        () => (turn++ % 2 === 0 ? onB : onA),
      );
      expect(asked).toEqual([['step1'], ['step2']]);
      expect(result.content?.[0]?.text).toBe('Completed: color=teal');
    } finally {
      await onA.close();
      await onB.close();
    }
  }, 30_000);

  it('refuses a tampered wrapper with the frozen -32602, and the genuine one still completes', async () => {
    const client = await modern(a, ALL);
    try {
      const tool = 'test_input_required_result_tampered_state';
      const first = inputRequired(await send(client, 'tools/call', tool));
      // The wrapper of the server's own state (u), its server (s) and the caller's tenant (t).
      expect(first.requestState).toMatch(/^p1\./);
      const [tag, body, mac] = (first.requestState ?? '').split('.');
      const payload = JSON.parse(Buffer.from(body ?? '', 'base64url').toString('utf8'));
      for (const forged of [
        { ...payload, u: 'forged-upstream-state' },
        { ...payload, s: 'other-server' },
        { ...payload, t: 'south' },
      ]) {
        const state = `${tag}.${Buffer.from(JSON.stringify(forged)).toString('base64url')}.${mac}`;
        const err = await failure(
          send(client, 'tools/call', tool, { inputResponses: answersTo(first), requestState: state }),
        );
        expect(err?.code).toBe(-32602);
        expect(err?.message).toBe('Invalid or expired requestState');
      }
      const done = (await send(client, 'tools/call', tool, {
        inputResponses: answersTo(first),
        requestState: first.requestState!,
      })) as Complete;
      expect(done.content?.[0]?.text).toBe('state verified');
    } finally {
      await client.close();
    }
  }, 30_000);

  it("refuses another tenant's (or another token's) wrapper, and a wrapper sent with another tool", async () => {
    const owner = await modern(a, ALL);
    const sameTenant = await modern(b, ALL, { token: tokens['north-2'] });
    const otherTenant = await modern(b, ALL, { token: tokens.south });
    try {
      const tool = 'test_input_required_result_request_state';
      const first = inputRequired(await send(owner, 'tools/call', tool));
      expect(first.requestState).toMatch(/^p1\./);
      const retry = { inputResponses: answersTo(first), requestState: first.requestState! };
      for (const thief of [otherTenant, sameTenant]) {
        const err = await failure(send(thief, 'tools/call', tool, retry));
        expect(err?.code).toBe(-32602);
        expect(err?.message).toBe('Invalid or expired requestState');
      }
      const other = await failure(send(owner, 'tools/call', 'test_input_required_result_elicitation', retry));
      expect(other?.code).toBe(-32602);
      expect(other?.data?.reason).toBe('other_request');
      const done = (await send(owner, 'tools/call', tool, retry)) as Complete;
      expect(done.content?.[0]?.text).toBe('state-ok: confirmed');
    } finally {
      await owner.close();
      await sameTenant.close();
      await otherTenant.close();
    }
  }, 30_000);

  it("sends the caller's capabilities upstream: the server asks only for what the caller declared", async () => {
    const viaPortico = await modern(a, { sampling: {} });
    const viaDirect = await direct({ sampling: {} });
    try {
      const tool = 'test_input_required_result_capabilities';
      const first = inputRequired(await send(viaPortico, 'tools/call', tool));
      expect(Object.keys(first.inputRequests)).toEqual(['greeting']);
      expect(first.inputRequests).toEqual(
        inputRequired(await send(viaDirect, 'tools/call', tool)).inputRequests,
      );
      const done = (await send(viaPortico, 'tools/call', tool, {
        inputResponses: answersTo(first),
        requestState: first.requestState!,
      })) as Complete;
      expect(done.content?.[0]?.text).toBe('inputs received');
    } finally {
      await viaPortico.close();
      await viaDirect.close();
    }
  }, 30_000);

  it('answers -32021 with HTTP 400 when the server needs a capability the caller did not declare', async () => {
    const statuses: number[] = [];
    const recording: FetchLike = async (url, init) => {
      const res = await fetch(url, init);
      statuses.push(res.status);
      return res;
    };
    const client = await modern(a, { elicitation: {} }, { manual: false, fetch: recording });
    try {
      statuses.length = 0;
      const err = await failure(client.callTool({ name: 'test_missing_capability', arguments: {} }));
      expect(err?.code).toBe(-32021);
      expect(err?.data).toEqual({ requiredCapabilities: { sampling: {} } });
      expect(statuses).toEqual([400]);
    } finally {
      await client.close();
    }
  }, 30_000);
});
