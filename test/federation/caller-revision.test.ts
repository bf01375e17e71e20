// `match_caller_revision`: callers reach a federated server in their own protocol revision, against
// real servers — the conformance fixture over stdio (SDK v2 `serveStdio`: either revision) and over
// Streamable HTTP (2026-07-28 with the 2025-11-25 fallback), and server-everything (SDK v1: 2025
// only, so its 2026-07-28 callers stay on its one connection).
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { UpstreamInputRequired } from '../../src/errors/index.js';
import { createFederation, type Federation } from '../../src/federation/index.js';
import type { FederatedServerRequest } from '../../src/federation/types.js';
import type { McpServerConfig } from '../../src/spec/index.js';
import { type ConformanceFixture, startConformanceFixture } from '../fixtures/conformance-server.js';
import { REFERENCE_ENTRIES } from '../support/reference-servers.js';
import {
  httpConfig,
  isAlive,
  type LogEntry,
  REPO_ROOT,
  recordingLogger,
  rejection,
  statusOf,
  stdioConfig,
} from './helpers.js';

const FIXTURE = fileURLToPath(new URL('../fixtures/conformance-server.ts', import.meta.url));

function fixtureStdio(name: string, overrides: Partial<McpServerConfig> = {}): McpServerConfig {
  return stdioConfig(name, {
    transport: {
      kind: 'stdio',
      command: process.execPath,
      args: ['--import', 'tsx', FIXTURE],
      env: {},
      cwd: REPO_ROOT,
    },
    matchCallerRevision: true,
    ...overrides,
  });
}

/** A 2026-07-28 caller that declared sampling only. */
const MODERN = { callerEra: 'modern' as const, input: { capabilities: { sampling: {} } } };

/** Answers every relayed request like a client that can sample, elicit and list roots; records the methods. */
function answering(asked: string[]) {
  return async (req: FederatedServerRequest): Promise<Record<string, unknown>> => {
    asked.push(req.method);
    if (req.method === 'sampling/createMessage')
      return { role: 'assistant', content: { type: 'text', text: 'hello there' }, model: 'test-model' };
    if (req.method === 'elicitation/create') return { action: 'accept', content: { username: 'ada' } };
    return { roots: [] };
  };
}

const opened = (entries: LogEntry[]) =>
  entries.filter((e) => e.msg?.startsWith('opened a second connection to a federated MCP server'));

let federation: Federation | undefined;
let fixture: ConformanceFixture | undefined;
afterEach(async () => {
  await federation?.close();
  federation = undefined;
  await fixture?.close();
  fixture = undefined;
});

describe('match_caller_revision', () => {
  it("gives a 2026-07-28 caller of a shared stdio server a 2026-07-28 child: the server's own input keys, the caller's capabilities", async () => {
    const logger = recordingLogger();
    federation = createFederation([fixtureStdio('conf')], { logger });
    await federation.start();
    const before = statusOf(federation, 'conf');
    expect(before.protocolVersion).toBe('2025-11-25');
    expect(before.otherRevision).toBeUndefined();

    const err = await rejection(
      federation.call('conf', 'test_input_required_result_capabilities', {}, MODERN),
    );
    expect(err).toBeInstanceOf(UpstreamInputRequired);
    const answer = (err as unknown as UpstreamInputRequired).answer;
    // The fixture asks for sampling only (what the caller declared), under its own key.
    expect(answer.kind === 'input_required' && Object.keys(answer.result.inputRequests)).toEqual([
      'greeting',
    ]);

    const after = statusOf(federation, 'conf');
    expect(after.otherRevision).toMatchObject({ state: 'connected', protocolVersion: '2026-07-28' });
    const otherPid = after.otherRevision?.pid as number;
    expect(otherPid).toBeGreaterThan(0);
    expect(otherPid).not.toBe(after.pid);
    expect(opened(logger.entries)).toHaveLength(1);

    // A 2025-11-25 caller stays on the 2025-11-25 child: the fixture's sampling request is relayed.
    const asked: string[] = [];
    const result = await federation.call(
      'conf',
      'test_sampling',
      { prompt: 'hi' },
      { callerEra: 'legacy', onServerRequest: answering(asked) },
    );
    expect(result.content).toEqual([{ type: 'text', text: 'LLM response: hello there' }]);
    expect(asked).toEqual(['sampling/createMessage']);

    await federation.close();
    federation = undefined;
    expect(isAlive(otherPid)).toBe(false);
  });

  it("without it, the same 2026-07-28 call runs on the 2025-11-25 child: Portico's fixed capabilities reach the server", async () => {
    federation = createFederation([fixtureStdio('conf', { matchCallerRevision: false })]);
    await federation.start();
    const asked: string[] = [];
    const result = await federation.call(
      'conf',
      'test_input_required_result_capabilities',
      {},
      {
        ...MODERN,
        onServerRequest: answering(asked),
      },
    );
    // The server saw Portico's own capabilities (sampling, elicitation, roots) and asked for all three.
    expect(asked.sort()).toEqual(['elicitation/create', 'roots/list', 'sampling/createMessage']);
    expect(result.content).toEqual([{ type: 'text', text: 'inputs received' }]);
    expect(statusOf(federation, 'conf').otherRevision).toBeUndefined();
  });

  it('gives a 2025-11-25 caller of a 2026-07-28 HTTP server a 2025-11-25 session, where its sampling request is relayed', async () => {
    fixture = await startConformanceFixture();
    federation = createFederation([httpConfig('conf', fixture.url, {}, { matchCallerRevision: true })]);
    await federation.start();
    expect(statusOf(federation, 'conf').protocolVersion).toBe('2026-07-28');
    const asked: string[] = [];
    const call = () =>
      federation?.call(
        'conf',
        'test_sampling',
        { prompt: 'hi' },
        { callerEra: 'legacy', onServerRequest: answering(asked) },
      );
    const result = await call();
    expect(result?.content).toEqual([{ type: 'text', text: 'LLM response: hello there' }]);
    expect(asked).toEqual(['sampling/createMessage']);
    expect(statusOf(federation, 'conf').otherRevision).toMatchObject({
      state: 'connected',
      protocolVersion: '2025-11-25',
    });
    // A caller of unknown revision (REST, console) and 2026-07-28 callers use the primary connection.
    const plain = await federation.call('conf', 'test_simple_text', {});
    expect(plain.isError).not.toBe(true);
  });

  it("without it, a 2025-11-25 caller of that HTTP server gets the server's refusal to send a 2025 request on 2026-07-28", async () => {
    fixture = await startConformanceFixture();
    federation = createFederation([httpConfig('conf', fixture.url)]);
    await federation.start();
    const asked: string[] = [];
    const result = await federation.call(
      'conf',
      'test_sampling',
      { prompt: 'hi' },
      { callerEra: 'legacy', onServerRequest: answering(asked) },
    );
    expect(result.isError).toBe(true);
    expect(JSON.stringify(result.content)).toMatch(/not available on protocol revision 2026-07-28/);
    expect(asked).toEqual([]);
  });

  it('serves a 2026-07-28 caller of a 2025-only server over its one connection, and does not retry the other revision at once', async () => {
    const logger = recordingLogger();
    federation = createFederation(
      [
        stdioConfig('everything', {
          transport: {
            kind: 'stdio',
            command: process.execPath,
            args: [REFERENCE_ENTRIES.everything, 'stdio'],
            env: {},
          },
          matchCallerRevision: true,
        }),
      ],
      { logger },
    );
    await federation.start();
    for (let i = 0; i < 2; i++) {
      const result = await federation.call('everything', 'echo', { message: `hi ${i}` }, MODERN);
      expect(result.content).toEqual([{ type: 'text', text: `Echo: hi ${i}` }]);
    }
    const refused = logger.entries.filter((e) => e.msg?.includes('did not open in 2026-07-28'));
    expect(refused).toHaveLength(1);
    expect(opened(logger.entries)).toHaveLength(0);
    expect(statusOf(federation, 'everything')).toMatchObject({
      state: 'connected',
      protocolVersion: '2025-11-25',
    });
    expect(statusOf(federation, 'everything').otherRevision).toBeUndefined();
  });

  it("keeps a per_tenant tenant's two revisions in one instance slot, stopped together when idle", async () => {
    const logger = recordingLogger();
    federation = createFederation([fixtureStdio('conf', { isolation: 'per_tenant', idleTimeoutMs: 300 })], {
      logger,
    });
    await federation.start();
    const caller = { tenantId: 't1' };
    await rejection(
      federation.call('conf', 'test_input_required_result_capabilities', {}, { ...MODERN, caller }),
    );
    const asked: string[] = [];
    await federation.call(
      'conf',
      'test_sampling',
      { prompt: 'hi' },
      { callerEra: 'legacy', caller, onServerRequest: answering(asked) },
    );
    expect(asked).toEqual(['sampling/createMessage']);
    expect(statusOf(federation, 'conf').tenants).toBe(1);
    const second = opened(logger.entries);
    expect(second).toHaveLength(1);
    expect(second[0]?.obj).toMatchObject({ tenant: 't1', protocolVersion: '2026-07-28' });
    const pid = second[0]?.obj.pid as number;
    expect(isAlive(pid)).toBe(true);
    await expect.poll(() => statusOf(federation as Federation, 'conf').tenants, { timeout: 10_000 }).toBe(0);
    await expect.poll(() => isAlive(pid), { timeout: 10_000 }).toBe(false);
  });
});
