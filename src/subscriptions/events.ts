import type { ServerEvent, Task } from '@modelcontextprotocol/server';
import type { LogLevel } from './log-levels.js';

/**
 * A change event on Portico's bus: the SDK's {@link ServerEvent} plus who may receive it. The
 * extra fields travel with the event across replicas (the Redis bus sends the whole object) and
 * never reach the wire (the SDK builds notifications from `kind`, `uri` and `params` only).
 */
export type TaggedEvent = ServerEvent & {
  /** Only this tenant's streams receive it; absent: every tenant's. */
  tenant?: string;
  /** `resource_updated`: the 2025-11-25 sessions subscribed to the URI (they get it on their GET stream). */
  sessions?: string[];
};

/**
 * A Portico-only event on the same bus: a notification of a tenant's server instance for that
 * tenant's 2025-11-25 GET streams (a log message or a URL elicitation's completion sent while none
 * of the tenant's calls ran). Never given to the SDK's listen streams (2026-07-28 has no stream for
 * messages outside a request).
 */
export interface ClientNotificationEvent {
  kind: 'client_notification';
  tenant: string;
  notification: { method: string; params: Record<string, unknown> };
  /** `notifications/message`: the level each of the tenant's sessions asked for (session → level). */
  levels?: Record<string, LogLevel>;
}

/** The tenant an event is for (undefined: every tenant). */
export function eventTenant(event: ServerEvent): string | undefined {
  const t = (event as TaggedEvent).tenant;
  return typeof t === 'string' ? t : undefined;
}

/** Whether a stream of `tenant` may receive `event`. */
export function visibleTo(event: ServerEvent, tenant: string | undefined): boolean {
  const t = eventTenant(event);
  return t === undefined || t === tenant;
}

/** The 2025-11-25 sessions a `resource_updated` event is for. */
export function eventSessions(event: ServerEvent): readonly string[] {
  const s = (event as TaggedEvent).sessions;
  return Array.isArray(s) ? s : [];
}

/** As a bus event (the bus carries the SDK's event type; listen streams never see this kind). */
export function asBusEvent(event: ClientNotificationEvent): ServerEvent {
  return event as unknown as ServerEvent;
}

/** The Portico-only notification event `event` is, if it is one. */
export function clientNotificationOf(event: ServerEvent): ClientNotificationEvent | undefined {
  const e = event as unknown as Partial<ClientNotificationEvent>;
  if ((e.kind as string) !== 'client_notification') return undefined;
  const n = e.notification;
  if (typeof e.tenant !== 'string' || n === undefined || typeof n.method !== 'string') return undefined;
  return e as ClientNotificationEvent;
}

/**
 * A federated server's `notifications/tasks/status`, for the tenant that started the task. It rides
 * the bus beside the SDK's events (kind `task_status`, which the SDK's listen router never matches)
 * and only 2025-11-25 GET streams deliver it, with the task id published for that tenant.
 */
export interface TaskStatusEvent {
  kind: 'task_status';
  tenant: string;
  /** The federated server running the task. */
  server: string;
  /** The task as the server reported it (its own task id). */
  task: Task;
}

/** The bus event of a task status (see {@link TaskStatusEvent}). */
export function taskStatusEvent(server: string, tenant: string, task: Task): TaggedEvent {
  const event: TaskStatusEvent = { kind: 'task_status', tenant, server, task };
  return event as unknown as TaggedEvent;
}

/** The task status an event carries, if it is one. */
export function taskStatusOf(event: ServerEvent): TaskStatusEvent | undefined {
  const e = event as unknown as Partial<TaskStatusEvent>;
  if (e.kind !== 'task_status' || typeof e.tenant !== 'string' || typeof e.server !== 'string')
    return undefined;
  const task = e.task as Partial<Task> | undefined;
  return task !== undefined && typeof task.taskId === 'string' ? (e as TaskStatusEvent) : undefined;
}
