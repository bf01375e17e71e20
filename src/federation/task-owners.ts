import type { Task } from '@modelcontextprotocol/client';
import type { FederationEvent } from './types.js';

/** Most tasks of `shared` servers remembered per process (oldest forgotten first). */
const MAX_OWNERS = 10_000;
/** Most statuses of not-yet-known tasks held, and for how long. */
const MAX_HELD = 100;
const HOLD_MS = 30_000;

const TERMINAL = new Set(['completed', 'failed', 'cancelled']);

/**
 * Which tenant started each task on a `shared` server's connection in this process, so the
 * server's `notifications/tasks/status` reaches only that tenant (a `per_tenant` instance's
 * notifications are its tenant's anyway). A server may send a task's first status before the
 * `CreateTaskResult` that names its owner: such statuses are held briefly and sent once the owner
 * is known. A task this process did not start is nobody's here.
 */
export class TaskOwners {
  private readonly owners = new Map<string, string>();
  private held: { server: string; task: Task; at: number }[] = [];

  constructor(private readonly emit: (event: FederationEvent) => void) {}

  /** `tenant` started task `taskId` on `server`: send it what was held for the task. */
  remember(server: string, taskId: string, tenant: string): void {
    const key = `${server}\u0000${taskId}`;
    this.owners.delete(key);
    this.owners.set(key, tenant);
    if (this.owners.size > MAX_OWNERS) {
      const oldest = this.owners.keys().next().value;
      if (oldest !== undefined) this.owners.delete(oldest);
    }
    const mine = this.held.filter((h) => h.server === server && h.task.taskId === taskId);
    if (mine.length === 0) return;
    this.held = this.held.filter((h) => !mine.includes(h));
    for (const h of mine) this.status(server, h.task);
  }

  /** A status `server` sent on its shared connection: to the task's owner, or held until known. */
  status(server: string, task: Task): void {
    const key = `${server}\u0000${task.taskId}`;
    const tenant = this.owners.get(key);
    if (tenant === undefined) {
      const now = Date.now();
      this.held = this.held.filter((h) => now - h.at < HOLD_MS).slice(-(MAX_HELD - 1));
      this.held.push({ server, task, at: now });
      return;
    }
    if (TERMINAL.has(task.status)) this.owners.delete(key);
    this.emit({ kind: 'task_status', server, tenant, task });
  }
}
