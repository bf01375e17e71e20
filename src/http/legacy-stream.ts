import type { ServerEvent, ServerEventBus } from '@modelcontextprotocol/server';
import type { TaskIds } from '../mcp/index.js';
import {
  atLeast,
  clientNotificationOf,
  eventSessions,
  taskStatusOf,
  visibleTo,
} from '../subscriptions/index.js';

const encoder = new TextEncoder();
const frame = (method: string, params?: Record<string, unknown>): Uint8Array =>
  encoder.encode(
    `event: message\ndata: ${JSON.stringify({ jsonrpc: '2.0', method, ...(params !== undefined ? { params } : {}) })}\n\n`,
  );
const LIST_CHANGED: Partial<Record<ServerEvent['kind'], Uint8Array>> = {
  tools_list_changed: frame('notifications/tools/list_changed'),
  resources_list_changed: frame('notifications/resources/list_changed'),
  prompts_list_changed: frame('notifications/prompts/list_changed'),
};
const KEEPALIVE = encoder.encode(': keepalive\n\n');

/** Whose GET stream this is. */
export interface LegacyStreamOwner {
  /** The caller's tenant: events of other tenants' instances are not delivered. */
  tenant: string;
  /** The session id: `notifications/resources/updated` for what this session subscribed to. */
  session: string;
  /** The session declared `elicitation.url` (it may be sent `notifications/elicitation/complete`). */
  elicitationUrl?: boolean;
  /** Called with the stream's writer when it opens (server requests to the session); returns its detach. */
  attach?: (write: (message: object) => void) => () => void;
  /** Called when the stream opens; the function it returns when it closes. */
  opened?: () => () => void;
}

/** The notification a GET stream of `owner` sends for `event`, if any. */
function frameFor(event: ServerEvent, owner: LegacyStreamOwner, taskIds?: TaskIds): Uint8Array | undefined {
  if (!visibleTo(event, owner.tenant)) return undefined;
  const note = clientNotificationOf(event);
  if (note !== undefined) {
    const { method, params } = note.notification;
    // A log message below the level this session asked for is not sent; with none asked, the
    // server's own filtering (its default, or the tenant's last logging/setLevel) stands.
    if (method === 'notifications/message' && !atLeast(String(params.level), note.levels?.[owner.session]))
      return undefined;
    if (method === 'notifications/elicitation/complete' && owner.elicitationUrl !== true) return undefined;
    return frame(method, params);
  }
  const status = taskStatusOf(event);
  if (status !== undefined) {
    // Only the tenant that started the task, with the task id published to it.
    if (taskIds === undefined || status.tenant !== owner.tenant) return undefined;
    const taskId = taskIds.issue({ server: status.server, tenant: status.tenant, id: status.task.taskId });
    return frame('notifications/tasks/status', { ...status.task, taskId });
  }
  if (event.kind === 'resource_updated') {
    return eventSessions(event).includes(owner.session)
      ? frame('notifications/resources/updated', { ...event.params, uri: event.uri })
      : undefined;
  }
  return LIST_CHANGED[event.kind];
}

/** Open standalone SSE streams, so shutdown can end them. */
export class LegacyStreams {
  private readonly live = new Set<() => void>();

  constructor(
    private readonly bus: ServerEventBus,
    private readonly keepAliveMs = 15_000,
    /** Publishes the task ids of `notifications/tasks/status` (none relayed without it). */
    private readonly taskIds?: TaskIds,
  ) {}

  /**
   * The 2025-11-25 GET stream: carries list_changed notifications (tools, resources and prompts of
   * every tenant or of the owner's), `notifications/resources/updated` for the session's
   * subscriptions, the owner's tenant instances' log messages and URL elicitation completions
   * sent outside its calls, and `notifications/tasks/status` of the owner's tenant's tasks, from
   * the change bus. Ends when the client goes away or on {@link closeAll}.
   */
  open(signal: AbortSignal, owner: LegacyStreamOwner): Response {
    let end = () => {};
    const body = new ReadableStream<Uint8Array>({
      start: (controller) => {
        const unsubscribe = this.bus.subscribe((event) => {
          const bytes = frameFor(event, owner, this.taskIds);
          if (bytes !== undefined) controller.enqueue(bytes);
        });
        const closed = owner.opened?.();
        const detach = owner.attach?.((message) =>
          controller.enqueue(encoder.encode(`event: message\ndata: ${JSON.stringify(message)}\n\n`)),
        );
        const timer = setInterval(() => controller.enqueue(KEEPALIVE), this.keepAliveMs);
        end = () => {
          if (!this.live.delete(end)) return;
          clearInterval(timer);
          unsubscribe();
          closed?.();
          detach?.();
          try {
            controller.close();
          } catch {
            // already closed by the client
          }
        };
        this.live.add(end);
        signal.addEventListener('abort', () => end(), { once: true });
        controller.enqueue(KEEPALIVE);
      },
      cancel: () => end(),
    });
    return new Response(body, {
      status: 200,
      headers: {
        'content-type': 'text/event-stream',
        'cache-control': 'no-cache',
        'x-accel-buffering': 'no',
      },
    });
  }

  /** End every open stream (graceful shutdown). */
  closeAll(): void {
    for (const end of [...this.live]) end();
  }

  get size(): number {
    return this.live.size;
  }
}
