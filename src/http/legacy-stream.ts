import type { ServerEventBus } from '@modelcontextprotocol/server';

const encoder = new TextEncoder();
const LIST_CHANGED = encoder.encode(
  `event: message\ndata: ${JSON.stringify({ jsonrpc: '2.0', method: 'notifications/tools/list_changed' })}\n\n`,
);
const KEEPALIVE = encoder.encode(': keepalive\n\n');

/** Open standalone SSE streams, so shutdown can end them. */
export class LegacyStreams {
  private readonly live = new Set<() => void>();

  constructor(
    private readonly bus: ServerEventBus,
    private readonly keepAliveMs = 15_000,
  ) {}

  /**
   * The 2025-11-25 GET stream: carries `notifications/tools/list_changed` from the change bus.
   * Ends when the client goes away or on {@link closeAll}.
   */
  open(signal: AbortSignal): Response {
    let end = () => {};
    const body = new ReadableStream<Uint8Array>({
      start: (controller) => {
        const unsubscribe = this.bus.subscribe((event) => {
          if (event.kind === 'tools_list_changed') controller.enqueue(LIST_CHANGED);
        });
        const timer = setInterval(() => controller.enqueue(KEEPALIVE), this.keepAliveMs);
        end = () => {
          if (!this.live.delete(end)) return;
          clearInterval(timer);
          unsubscribe();
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
