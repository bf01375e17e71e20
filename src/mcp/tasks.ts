import {
  type CreateTaskResult,
  type JSONRPCRequest,
  RELATED_TASK_META_KEY,
  type Result,
  Server,
  type ServerContext,
  type Task,
} from '@modelcontextprotocol/server';
import { z } from 'zod';
import type { Principal } from '../auth/types.js';
import { PorticoError } from '../errors/index.js';
import type { McpTasks, TaskCreation } from '../gateway/index.js';
import type { TaskIds, TaskRef } from './task-ids.js';

const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/** Whether a tools/call asks to run as a task (2025-11-25 `params.task`). */
export function isTaskAugmented(params: unknown): boolean {
  return isObject(params) && isObject(params.task);
}

/**
 * The SDK's low-level `Server`, able to answer a task-augmented `tools/call` with a
 * `CreateTaskResult` once {@link answerTaskAugmentedCalls} is called: the SDK validates every
 * tools/call result as a `CallToolResult` (it has no task runtime), so a task-augmented call skips
 * that check — its result is the federated server's `CreateTaskResult`, already validated by
 * Portico's client.
 */
export class TaskAwareServer extends Server {
  private taskAugmented = false;

  /** Answer task-augmented tools/calls with the handler's `CreateTaskResult`. */
  answerTaskAugmentedCalls(): void {
    this.taskAugmented = true;
  }

  protected override _wrapHandler(
    method: string,
    handler: (request: JSONRPCRequest, ctx: ServerContext) => Promise<Result>,
  ): (request: JSONRPCRequest, ctx: ServerContext) => Promise<Result> {
    const wrapped = super._wrapHandler(method, handler);
    if (method !== 'tools/call') return wrapped;
    return (request, ctx) =>
      this.taskAugmented && isTaskAugmented(request.params) ? handler(request, ctx) : wrapped(request, ctx);
  }
}

/** The `tasks` server capability Portico declares for what the federated servers support. */
export function tasksCapability(support: { list: boolean; cancel: boolean }): Record<string, unknown> {
  return {
    ...(support.list ? { list: {} } : {}),
    ...(support.cancel ? { cancel: {} } : {}),
    requests: { tools: { call: {} } },
  };
}

/** A task as the caller sees it: the server's task with the id Portico published for it. */
function published(task: Task, ref: Omit<TaskRef, 'id'>, ids: TaskIds): Task {
  return { ...task, taskId: ids.issue({ ...ref, id: task.taskId }) };
}

/** The `CreateTaskResult` sent to the caller of `tenant`: the task id bound to server and tenant. */
export function publishCreated(creation: TaskCreation, tenant: string, ids: TaskIds): CreateTaskResult {
  const { created, server } = creation;
  return { ...created, task: published(created.task, { server, tenant }, ids) };
}

/** The task a caller's task id stands for, if it is the caller's. */
export function callerTask(taskId: string, caller: Principal | undefined, ids: TaskIds): TaskRef {
  const ref = ids.read(taskId);
  if (ref === undefined) {
    const shown = taskId.length > 80 ? `${taskId.slice(0, 80)}…` : taskId;
    throw new PorticoError(
      'invalid_input',
      `Task id "${shown}" was not issued by this Portico (it is altered, truncated or from another deployment). Use the taskId that tools/call or tasks/list returned.`,
    );
  }
  // Another tenant's task is answered like a task that does not exist: nothing about it leaks.
  if (caller === undefined || ref.tenant !== caller.tenantId) {
    throw new PorticoError('not_found', 'Task not found.');
  }
  return ref;
}

/** Params of `tasks/get`, `tasks/result`, `tasks/cancel` (the SDK types no handler for them). */
const TASK_ID_PARAMS = z.looseObject({ taskId: z.string() });
const LIST_PARAMS = z.looseObject({ cursor: z.string().optional() }).optional();

/** Register `tasks/get`, `tasks/result`, `tasks/list` and `tasks/cancel` on `server`. */
export function registerTasks(
  server: Server,
  tasks: McpTasks,
  ids: TaskIds,
  caller: Principal | undefined,
  support: { list: boolean; cancel: boolean },
  guard: <R>(fn: () => Promise<R>) => Promise<R>,
): void {
  const opts = (signal: AbortSignal) => ({ signal, ...(caller !== undefined ? { caller } : {}) });
  server.setRequestHandler('tasks/get', { params: TASK_ID_PARAMS }, (params, ctx) =>
    guard(async () => {
      const ref = callerTask(params.taskId, caller, ids);
      const task = await tasks.getTask(ref.server, ref.id, opts(ctx.mcpReq.signal));
      return { ...task, taskId: params.taskId };
    }),
  );
  server.setRequestHandler('tasks/result', { params: TASK_ID_PARAMS }, (params, ctx) =>
    guard(async () => {
      const ref = callerTask(params.taskId, caller, ids);
      const payload = await tasks.taskResult(ref.server, ref.id, opts(ctx.mcpReq.signal));
      const meta = isObject(payload._meta) ? payload._meta : undefined;
      if (meta === undefined || !(RELATED_TASK_META_KEY in meta)) return payload;
      return { ...payload, _meta: { ...meta, [RELATED_TASK_META_KEY]: { taskId: params.taskId } } };
    }),
  );
  if (support.cancel) {
    server.setRequestHandler('tasks/cancel', { params: TASK_ID_PARAMS }, (params, ctx) =>
      guard(async () => {
        const ref = callerTask(params.taskId, caller, ids);
        const task = await tasks.cancelTask(ref.server, ref.id, opts(ctx.mcpReq.signal));
        return { ...task, taskId: params.taskId };
      }),
    );
  }
  if (support.list) {
    server.setRequestHandler('tasks/list', { params: LIST_PARAMS }, (params, ctx) =>
      guard(async () => {
        if (caller === undefined) return { tasks: [] };
        const page = await tasks.listTasks(params?.cursor, opts(ctx.mcpReq.signal));
        return {
          tasks: page.tasks.map((t) => published(t.task, { server: t.server, tenant: caller.tenantId }, ids)),
          ...(page.nextCursor !== undefined ? { nextCursor: page.nextCursor } : {}),
        };
      }),
    );
  }
}
