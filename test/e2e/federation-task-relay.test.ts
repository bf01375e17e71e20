import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client as V1Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport as V1Stdio } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport as V1Transport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import {
  CallToolResultSchema,
  CreateTaskResultSchema,
  McpError,
  type Task,
  TaskStatusNotificationSchema,
} from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { PorticoInstance } from '../../src/runtime/index.js';
import { connectClient } from '../support/clients.js';
import { startTestPortico } from '../support/portico.js';
import { freshReferenceState, REFERENCE_ENTRIES } from '../support/reference-servers.js';

const TOOL = 'simulate-research-query';
const TENANTS = ['acme', 'globex'] as const;

/** An SDK v1 client (it has the experimental tasks client) on Portico with `token`. */
async function v1OnPortico(url: string, token: string): Promise<V1Client> {
  const client = new V1Client({ name: 'tasks-v1', version: '1.0.0' });
  await client.connect(
    new V1Transport(new URL(url), { requestInit: { headers: { Authorization: `Bearer ${token}` } } }),
  );
  return client;
}

/** The same client kind straight on server-everything over stdio (no Portico). */
async function v1Direct(): Promise<V1Client> {
  const client = new V1Client({ name: 'tasks-v1-direct', version: '1.0.0' });
  await client.connect(
    new V1Stdio({ command: process.execPath, args: [REFERENCE_ENTRIES.everything, 'stdio'] }),
  );
  return client;
}

/** Start the research task (task-augmented tools/call). */
async function startTask(client: V1Client, name: string, topic: string): Promise<Task> {
  const created = await client.request(
    { method: 'tools/call', params: { name, arguments: { topic }, task: { ttl: 60_000 } } },
    CreateTaskResultSchema,
  );
  return created.task;
}

/** Poll tasks/get (at the task's own interval) until the task is terminal; every status seen. */
async function pollToEnd(client: V1Client, taskId: string): Promise<Task[]> {
  const seen: Task[] = [];
  for (let i = 0; i < 120; i++) {
    const task = await client.experimental.tasks.getTask(taskId);
    seen.push(task);
    if (['completed', 'failed', 'cancelled'].includes(task.status)) return seen;
    await new Promise((r) => setTimeout(r, task.pollInterval ?? 500));
  }
  throw new Error(`task ${taskId} never ended`);
}

/** A value with run-specific task ids and timestamps replaced, for comparing runs. */
function normalized(value: unknown, ids: string[]): unknown {
  let text = JSON.stringify(value);
  for (const id of ids) text = text.split(id).join('<task-id>');
  return JSON.parse(text.replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z/g, '<time>'));
}

async function refusal(run: Promise<unknown>): Promise<{ code: number; message: string }> {
  try {
    await run;
  } catch (err) {
    if (err instanceof McpError) return { code: err.code, message: err.message };
    throw err;
  }
  throw new Error('expected a JSON-RPC error');
}

describe('tasks of federated servers through Portico (server-everything, SDK v1 tasks client)', () => {
  let portico: PorticoInstance;
  const clients = {} as Record<(typeof TENANTS)[number], V1Client>;
  let discoveryOnly: V1Client;
  let direct: V1Client;
  /** `notifications/tasks/status` each tenant's client received (on its GET stream). */
  const statuses = { acme: [] as Task[], globex: [] as Task[] };
  /** server-everything's own run of the task, straight (created task, statuses, payload). */
  let reference: { task: Task; last: Task; payload: unknown; cancelled: unknown };

  beforeAll(async () => {
    const state = freshReferenceState();
    const launch = (name: string, extra: string[]) => [
      `  ${name}:`,
      `    command: ${JSON.stringify(process.execPath)}`,
      `    args: ${JSON.stringify([REFERENCE_ENTRIES.everything, 'stdio'])}`,
      ...extra.map((l) => `    ${l}`),
    ];
    const file = join(state.dir, 'portico.yaml');
    writeFileSync(
      file,
      [
        'mcp_servers:',
        ...launch('own', ['isolation: per_tenant']),
        ...launch('common', ['isolation: shared']),
        '',
      ].join('\n'),
    );
    portico = await startTestPortico(file, {}, { noAuth: false });
    const { access } = portico.security;
    for (const id of TENANTS) {
      await access.createTenant({ id, name: `${id} Inc` });
      const { secret } = await access.createToken({
        tenantId: id,
        label: `${id}-agent`,
        scopes: ['mcp.tools.discovery', 'mcp.tools.invoke', 'mcp.tools.write'],
      });
      clients[id] = await v1OnPortico(portico.mcpUrl, secret);
      clients[id].setNotificationHandler(
        TaskStatusNotificationSchema,
        (n) => void statuses[id].push(n.params),
      );
    }
    const { secret } = await access.createToken({
      tenantId: 'acme',
      label: 'acme-browse',
      scopes: ['mcp.tools.discovery'],
    });
    discoveryOnly = await v1OnPortico(portico.mcpUrl, secret);

    direct = await v1Direct();
    const task = await startTask(direct, TOOL, 'tide pools');
    const seen = await pollToEnd(direct, task.taskId);
    const payload = await direct.experimental.tasks.getTaskResult(task.taskId, CallToolResultSchema);
    const other = await startTask(direct, TOOL, 'tide pools');
    const cancelled = await direct.experimental.tasks.cancelTask(other.taskId);
    reference = {
      task: normalized(task, [task.taskId]) as Task,
      last: normalized(seen.at(-1), [task.taskId]) as Task,
      payload: normalized(payload, [task.taskId]),
      cancelled: normalized(cancelled, [other.taskId]),
    };
  }, 90_000);

  afterAll(async () => {
    await Promise.all([...Object.values(clients), discoveryOnly, direct].map((c) => c?.close()));
    await portico?.close();
  });

  it('declares the tasks capability of its servers to a 2025-11-25 client, none to 2026-07-28', async () => {
    expect(clients.acme.getServerCapabilities()?.tasks).toEqual(direct.getServerCapabilities()?.tasks);
    const modern = await connectClient(portico.mcpUrl, 'modern', {
      Authorization: `Bearer ${(await portico.security.access.createToken({ tenantId: 'acme', label: 'm', scopes: ['mcp.tools.discovery'] })).secret}`,
    });
    try {
      expect(modern.getServerCapabilities()?.tasks).toBeUndefined();
    } finally {
      await modern.close();
    }
  });

  for (const server of ['own', 'common'] as const) {
    describe(`${server === 'own' ? 'per_tenant' : 'shared'} server`, () => {
      it('creates the task, polls tasks/get and fetches tasks/result as the server answers directly', async () => {
        const client = clients.acme;
        const task = await startTask(client, `${server}.${TOOL}`, 'tide pools');
        expect(task.taskId.startsWith('pt1.')).toBe(true);
        expect(normalized(task, [task.taskId])).toEqual(reference.task);
        const seen = await pollToEnd(client, task.taskId);
        expect(seen.every((t) => t.taskId === task.taskId)).toBe(true);
        expect(normalized(seen.at(-1), [task.taskId])).toEqual(reference.last);
        const payload = await client.experimental.tasks.getTaskResult(task.taskId, CallToolResultSchema);
        expect(normalized(payload, [task.taskId])).toEqual(reference.payload);
        // The task-augmented call is audited as the caller's tools/call.
        const rows = await portico.security.audit.query({ tenantId: 'acme', tool: `${server}.${TOOL}` });
        expect(rows[0]).toMatchObject({ method: 'tools/call', outcome: 'ok', argKeys: ['topic'] });
      }, 30_000);

      it('cancels a task with tasks/cancel as the server does directly', async () => {
        const task = await startTask(clients.acme, `${server}.${TOOL}`, 'tide pools');
        const cancelled = await clients.acme.experimental.tasks.cancelTask(task.taskId);
        expect(normalized(cancelled, [task.taskId])).toEqual(reference.cancelled);
        expect((await clients.acme.experimental.tasks.getTask(task.taskId)).status).toBe('cancelled');
      });

      it("answers another tenant's tasks/get, tasks/result and tasks/cancel with not found", async () => {
        const task = await startTask(clients.acme, `${server}.${TOOL}`, 'secret plans');
        const globex = clients.globex.experimental.tasks;
        for (const attempt of [
          globex.getTask(task.taskId),
          globex.getTaskResult(task.taskId, CallToolResultSchema),
          globex.cancelTask(task.taskId),
        ]) {
          expect(await refusal(attempt)).toEqual({
            code: -32602,
            message: 'MCP error -32602: Task not found.',
          });
        }
        // Still the owner's, and still running: the refusals touched nothing.
        expect((await clients.acme.experimental.tasks.getTask(task.taskId)).status).toBe('working');
        await clients.acme.experimental.tasks.cancelTask(task.taskId);
      });
    });
  }

  it("sends the server's notifications/tasks/status to the tenant that started the task, with its task id", async () => {
    const own = await startTask(clients.acme, `own.${TOOL}`, 'tide pools');
    const common = await startTask(clients.acme, `common.${TOOL}`, 'tide pools');
    for (const task of [own, common]) {
      await vi.waitFor(
        () =>
          expect(statuses.acme.filter((t) => t.taskId === task.taskId).map((t) => t.status)).toContain(
            'completed',
          ),
        { timeout: 20_000, interval: 200 },
      );
      const seen = statuses.acme.filter((t) => t.taskId === task.taskId);
      expect(seen.map((t) => t.statusMessage)).toContain('Gathering sources...');
      // The notification is the task as tasks/get shows it.
      expect(seen.at(-1)).toEqual(await clients.acme.experimental.tasks.getTask(task.taskId));
    }
    const acmeIds = new Set(statuses.acme.map((t) => t.taskId));
    expect(statuses.globex.filter((t) => acmeIds.has(t.taskId))).toEqual([]);
  }, 30_000);

  it('answers the elicitation of an input_required task (sent through tasks/result) with relay_unsupported', async () => {
    const created = await clients.acme.request(
      {
        method: 'tools/call',
        params: { name: `own.${TOOL}`, arguments: { topic: 'python', ambiguous: true }, task: {} },
      },
      CreateTaskResultSchema,
    );
    const seen = new Set<string>();
    for (let i = 0; i < 120 && !seen.has('input_required'); i++) {
      seen.add((await clients.acme.experimental.tasks.getTask(created.task.taskId)).status);
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(seen).toContain('input_required');
    // The server asks through tasks/result; Portico cannot relay it there, so the server falls back.
    const payload = await clients.acme.experimental.tasks.getTaskResult(
      created.task.taskId,
      CallToolResultSchema,
    );
    expect(JSON.stringify(payload.content)).toContain('elicitation unavailable');
  }, 30_000);

  it('refuses an altered task id with a clear error', async () => {
    const task = await startTask(clients.acme, `own.${TOOL}`, 'tide pools');
    const [prefix, body, signature] = task.taskId.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(body, 'base64url').toString()) as string[];
    const forged = `${prefix}.${Buffer.from(JSON.stringify([claims[0], 'globex', claims[2]])).toString('base64url')}.${signature}`;
    for (const id of [forged, `${task.taskId}x`, 'not-a-portico-id']) {
      const { code, message } = await refusal(clients.acme.experimental.tasks.getTask(id));
      expect(code).toBe(-32602);
      expect(message).toContain('was not issued by this Portico');
      expect(message).toContain('Use the taskId that tools/call or tasks/list returned');
    }
    await clients.acme.experimental.tasks.cancelTask(task.taskId);
  });

  it("lists only the caller's own tasks on per_tenant servers", async () => {
    const mine = await startTask(clients.acme, `own.${TOOL}`, 'tide pools');
    const theirs = await startTask(clients.globex, `own.${TOOL}`, 'tide pools');
    const acmeList = (await clients.acme.experimental.tasks.listTasks()).tasks.map((t) => t.taskId);
    const globexList = (await clients.globex.experimental.tasks.listTasks()).tasks.map((t) => t.taskId);
    expect(acmeList).toContain(mine.taskId);
    expect(acmeList).not.toContain(theirs.taskId);
    expect(globexList).toContain(theirs.taskId);
    expect(globexList).not.toContain(mine.taskId);
    // Every listed id is usable by its lister.
    for (const id of acmeList) expect((await clients.acme.experimental.tasks.getTask(id)).taskId).toBe(id);
    await cancelUnlessEnded(clients.acme, mine.taskId);
    await cancelUnlessEnded(clients.globex, theirs.taskId);
  });

  it('needs mcp.tools.invoke to read a task', async () => {
    const task = await startTask(clients.acme, `own.${TOOL}`, 'tide pools');
    await expect(discoveryOnly.experimental.tasks.getTask(task.taskId)).rejects.toThrow(
      /calling tasks\/get needs the scope mcp\.tools\.invoke/,
    );
    await cancelUnlessEnded(clients.acme, task.taskId);
  });

  it('refuses a task-augmented call of a tool that cannot run as a task', async () => {
    const { code, message } = await refusal(startTask(clients.acme, 'whoami', 'x'));
    expect(code).toBe(-32601);
    expect(message).toContain('cannot run as a task');
  });
});

/** Cancel a task a test is done with; one that already ended (a slow machine) is left as it is. */
async function cancelUnlessEnded(
  client: { experimental: { tasks: { cancelTask(id: string): Promise<unknown> } } },
  taskId: string,
): Promise<void> {
  await client.experimental.tasks.cancelTask(taskId).catch((err: unknown) => {
    if (!/terminal status/.test(String(err))) throw err;
  });
}
