import {
  type CallToolResult,
  type CancelTaskResult,
  type CreateTaskResult,
  type GetTaskResult,
  specTypeSchemas,
  type Task,
} from '@modelcontextprotocol/client';
import { PorticoError } from '../errors/index.js';
import type { Federated, ForwardRequest } from './features.js';
import type { PublishedNames } from './namespace.js';
import { withPublishedUris } from './published-uris.js';
import { forwardedResult } from './result.js';
import type { TaskOwners } from './task-owners.js';
import type { FederatedCaller, FederatedRequestOptions, FederatedTaskPage, Federation } from './types.js';

type Tasks = Pick<Federation, 'callTask' | 'getTask' | 'taskResult' | 'cancelTask' | 'listTasks'>;

/** `tasks/list` cursor of Portico: the server being listed and that server's own cursor. */
interface ListCursor {
  server: string;
  cursor?: string;
}

function encodeCursor(c: ListCursor): string {
  return Buffer.from(JSON.stringify(c.cursor === undefined ? [c.server] : [c.server, c.cursor])).toString(
    'base64url',
  );
}

function decodeCursor(text: string): ListCursor {
  try {
    const v: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (Array.isArray(v) && typeof v[0] === 'string' && (v.length === 1 || typeof v[1] === 'string')) {
      return v.length === 1 ? { server: v[0] } : { server: v[0], cursor: v[1] as string };
    }
  } catch {
    // Refused below.
  }
  throw new PorticoError(
    'invalid_cursor',
    'tasks/list: the cursor is not one Portico returned; call tasks/list without a cursor to start again.',
  );
}

/**
 * Tasks are a 2025-11-25 feature: each task request goes to the server's connection in that era
 * (with `match_caller_revision`, the one the task was made on).
 */
function legacy<O extends FederatedRequestOptions>(opts: O): O {
  return { ...opts, callerEra: 'legacy' };
}

/**
 * The tasks of the federated servers (2025-11-25 `tasks` capability): task-augmented `tools/call`
 * forwarded to the server (the caller's instance of a `per_tenant` server), and `tasks/get`,
 * `tasks/result`, `tasks/cancel` on the same server and instance. Task ids here are the server's
 * own; binding them to the caller (signing, tenant check) is the MCP layer's work.
 */
export function createTasks(
  byName: ReadonlyMap<string, Federated>,
  request: ForwardRequest,
  tenantOf: (caller: FederatedCaller | undefined) => string,
  owners: TaskOwners,
  names: PublishedNames,
): Tasks {
  const supporting = (server: string, what: 'toolsCall' | 'list' | 'cancel', method: string): void => {
    const entry = byName.get(server);
    if (entry === undefined || !entry.lister.extras().tasks[what]) {
      throw new PorticoError(
        'method_not_found',
        `MCP server "${server}" does not offer ${method} (its tasks capability does not declare it).`,
        { server },
      );
    }
  };
  return {
    async callTask(server, remoteName, args, opts) {
      supporting(server, 'toolsCall', 'task-augmented tools/call');
      const created = await request(server, 'tools/call', remoteName, legacy(opts), (client, o) =>
        client.request(
          { method: 'tools/call', params: { name: remoteName, arguments: args, task: opts.task } },
          specTypeSchemas.CreateTaskResult,
          o,
        ),
      );
      const task = (created as CreateTaskResult).task;
      // A shared connection's status notifications are routed by who started the task here.
      if (byName.get(server)?.tenants === undefined)
        owners.remember(server, task.taskId, tenantOf(opts.caller));
      return created as CreateTaskResult;
    },
    async getTask(server, taskId, opts = {}) {
      const task = await request(server, 'tasks/get', taskId, legacy(opts), (client, o) =>
        client.request({ method: 'tasks/get', params: { taskId } }, specTypeSchemas.GetTaskResult, o),
      );
      return task as GetTaskResult;
    },
    async taskResult(server, taskId, opts = {}) {
      const payload = await request(server, 'tasks/result', taskId, legacy(opts), (client, o) =>
        client.request(
          { method: 'tasks/result', params: { taskId } },
          specTypeSchemas.GetTaskPayloadResult,
          o,
        ),
      );
      // A tools/call task's payload is the tool's result: forwarded like one.
      return withPublishedUris(forwardedResult(payload as CallToolResult), (uri) =>
        names.uri(server, uri),
      ) as Record<string, unknown>;
    },
    async cancelTask(server, taskId, opts = {}) {
      supporting(server, 'cancel', 'tasks/cancel');
      const task = await request(server, 'tasks/cancel', taskId, legacy(opts), (client, o) =>
        client.request({ method: 'tasks/cancel', params: { taskId } }, specTypeSchemas.CancelTaskResult, o),
      );
      return task as CancelTaskResult;
    },
    async listTasks(cursor, opts = {}) {
      // Only the caller's running instances of per_tenant servers: a shared server's list spans
      // every tenant's tasks and cannot be told apart; a stopped instance took its tasks with it.
      const servers = [...byName]
        .filter(([, s]) => s.tenants !== undefined && s.lister.extras().tasks.list)
        .map(([name]) => name);
      const at = cursor === undefined ? undefined : decodeCursor(cursor);
      let index = at === undefined ? 0 : servers.indexOf(at.server);
      if (index < 0) return { tasks: [] };
      const page: FederatedTaskPage = { tasks: [] };
      let upstreamCursor = at?.cursor;
      for (; index < servers.length; index++) {
        const name = servers[index] as string;
        const running = byName.get(name)?.tenants?.peek(tenantOf(opts.caller));
        if (running !== undefined) {
          const listed = await listOn(request, name, upstreamCursor, opts);
          page.tasks.push(...listed.tasks.map((task) => ({ server: name, task })));
          if (listed.nextCursor !== undefined) {
            page.nextCursor = encodeCursor({ server: name, cursor: listed.nextCursor });
            return page;
          }
        }
        upstreamCursor = undefined;
      }
      return page;
    },
  };
}

async function listOn(
  request: ForwardRequest,
  server: string,
  cursor: string | undefined,
  opts: FederatedRequestOptions,
): Promise<{ tasks: Task[]; nextCursor?: string }> {
  const listed = await request(server, 'tasks/list', '', legacy(opts), (client, o) =>
    client.request(
      { method: 'tasks/list', params: cursor === undefined ? {} : { cursor } },
      specTypeSchemas.ListTasksResult,
      o,
    ),
  );
  return listed as { tasks: Task[]; nextCursor?: string };
}
