// A 2026-07-28 caller's retry (inputResponses + requestState) that reaches another replica than the
// one holding the suspended upstream request: handed over Redis to the owner, or — without Redis,
// or with the owner gone — refused with an explicit error, never a hang.
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Client } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PorticoInstance } from '../../src/runtime/index.js';
import { connectClient } from '../support/clients.js';
import { startTestPortico } from '../support/portico.js';
import { freshReferenceState } from '../support/reference-servers.js';
import {
  clusterSkipReason,
  createTestDatabase,
  redisTestPrefix,
  TEST_REDIS_URL,
  type TestDatabase,
} from '../support/services.js';

const skip = await clusterSkipReason();
const FIXTURE = fileURLToPath(new URL('../fixtures/conformance-server.ts', import.meta.url));
const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CAPS = { sampling: {}, elicitation: { form: {} }, roots: {} };

type Outcome = {
  resultType?: string;
  inputRequests?: Record<string, { method: string; params: { message?: string } }>;
  requestState?: string;
  content?: { text?: string }[];
};
const elicited = (content: Record<string, string>) => ({ action: 'accept', content });

function round(client: Client, name: string, more: Record<string, unknown> = {}): Promise<Outcome> {
  return client.request(
    { method: 'tools/call', params: { name, arguments: {}, ...more } },
    { allowInputRequired: true },
  ) as Promise<Outcome>;
}

describe.skipIf(skip !== undefined)('input-required retries across replicas (PostgreSQL + Redis)', () => {
  let db: TestDatabase;
  /** a and b share Redis; c shares only the database (and so the state key). */
  const r: Record<'a' | 'b' | 'c', PorticoInstance> = {} as never;
  const clients: Record<'a' | 'b' | 'c', Client> = {} as never;

  beforeAll(async () => {
    db = await createTestDatabase();
    const state = freshReferenceState();
    const file = join(state.dir, 'portico.yaml');
    writeFileSync(
      file,
      [
        'mcp_servers:',
        '  conformance:',
        `    command: ${JSON.stringify(process.execPath)}`,
        `    args: ${JSON.stringify(['--import', 'tsx', FIXTURE])}`,
        `    cwd: ${JSON.stringify(REPO_ROOT)}`,
        '    timeout_ms: 20000',
        'redis:',
        `  key_prefix: "${redisTestPrefix()}"`,
        '',
      ].join('\n'),
    );
    const env = { PORTICO_SECRET_KEY: randomBytes(32).toString('base64') };
    r.a = await startTestPortico(file, env, { databaseUrl: db.url, redisUrl: TEST_REDIS_URL });
    r.b = await startTestPortico(file, env, { databaseUrl: db.url, redisUrl: TEST_REDIS_URL });
    r.c = await startTestPortico(file, env, { databaseUrl: db.url });
    for (const k of ['a', 'b', 'c'] as const) {
      clients[k] = await connectClient(r[k].mcpUrl, 'modern', undefined, {
        capabilities: CAPS,
        inputRequired: { autoFulfill: false },
      });
    }
  }, 90_000);

  afterAll(async () => {
    for (const k of ['a', 'b', 'c'] as const) await clients[k]?.close();
    for (const k of ['a', 'b', 'c'] as const) await r[k]?.close();
    await db?.drop();
  });

  it('hands the retry to the replica holding the call, round after round', async () => {
    const tool = 'conformance.test_input_required_result_multi_round';
    const first = await round(clients.b, tool);
    expect(first.resultType).toBe('input_required');
    const [k1] = Object.keys(first.inputRequests ?? {});
    const second = await round(clients.a, tool, {
      inputResponses: { [k1!]: elicited({ name: 'Ada' }) },
      requestState: first.requestState,
    });
    expect(second.resultType).toBe('input_required');
    const [k2, r2] = Object.entries(second.inputRequests ?? {})[0]!;
    expect(r2.params.message).toBe('Step 2: What is your favorite color?');
    const done = await round(clients.a, tool, {
      inputResponses: { [k2]: elicited({ color: 'blue' }) },
      requestState: second.requestState,
    });
    expect(done.content?.[0]?.text).toBe('Completed: color=blue');
  }, 30_000);

  it('without Redis, the other replica refuses the retry explicitly (and the owner still resumes it)', async () => {
    const tool = 'conformance.test_input_required_result_elicitation';
    const first = await round(clients.a, tool);
    const [key] = Object.keys(first.inputRequests ?? {});
    const answer = {
      inputResponses: { [key!]: elicited({ name: 'Ada' }) },
      requestState: first.requestState,
    };
    const err = (await round(clients.c, tool, answer).catch((e: unknown) => e)) as {
      code?: number;
      message?: string;
      data?: { reason?: string };
    };
    expect(err.code).toBe(-32602);
    expect(err.message).toMatch(/suspended on another Portico replica/);
    expect(err.data?.reason).toBe('other_replica');
    const done = await round(clients.a, tool, answer);
    expect(done.content?.[0]?.text).toBe('Hello, Ada!');
  }, 30_000);

  it('when the replica holding the call is gone, the retry gets an explicit error, not a hang', async () => {
    const tool = 'conformance.test_input_required_result_elicitation';
    const first = await round(clients.a, tool);
    const [key] = Object.keys(first.inputRequests ?? {});
    await clients.a.close();
    await r.a.close();
    const err = (await round(clients.b, tool, {
      inputResponses: { [key!]: elicited({ name: 'Ada' }) },
      requestState: first.requestState,
    }).catch((e: unknown) => e)) as { code?: number; message?: string; data?: { reason?: string } };
    expect(err.code).toBe(-32602);
    expect(err.message).toMatch(/did not take the retry/);
    expect(err.data?.reason).toBe('other_replica');
  }, 30_000);
});
