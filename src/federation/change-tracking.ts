import type { Client } from '@modelcontextprotocol/client';
import { MODERN_REVISION } from './era.js';
import { describeError } from './redact.js';

/** A list a server can announce changes of. */
export type ListKind = 'tools' | 'prompts' | 'resources';

const KINDS: readonly ListKind[] = ['tools', 'prompts', 'resources'];
const NOTIFICATION = {
  tools: 'notifications/tools/list_changed',
  prompts: 'notifications/prompts/list_changed',
  resources: 'notifications/resources/list_changed',
} as const;
const FILTER = {
  tools: 'toolsListChanged',
  prompts: 'promptsListChanged',
  resources: 'resourcesListChanged',
} as const;
/** Notifications of one burst re-list once. */
const DEBOUNCE_MS = 50;

export interface ChangeTrackingOptions {
  /** Bound on the `subscriptions/listen` acknowledgement of a 2026-07-28 server. */
  ackTimeoutMs: number;
  /** Re-listing period once the server's changes cannot be heard. */
  pollMs: number;
  /** List `kind` again: `announced` after the server's notification, else a poll (report real changes only). */
  relist(kind: ListKind, announced: boolean): void;
  /** Changes are polled from now on, for `reason` (to log). */
  onPolling(reason: string): void;
}

/** Follows a server's list changes until stopped. */
export interface ChangeTracking {
  /** Settles once changes are heard (listen acknowledged, or a 2025 connection) or polled. */
  ready: Promise<void>;
  stop(): void;
}

/**
 * Follow a connected server's list changes. The `list_changed` notifications (unsolicited on a
 * 2025 connection, on a `subscriptions/listen` stream on a 2026-07-28 one) trigger a re-list.
 * The listen stream's acknowledgement is bounded by `ackTimeoutMs` (`ready` settles by then), and
 * when the stream is refused, never acknowledged or ends, the lists are polled every `pollMs`
 * instead.
 */
export function trackListChanges(client: Client, opts: ChangeTrackingOptions): ChangeTracking {
  const caps = client.getServerCapabilities() ?? {};
  const announced = KINDS.filter((k) => caps[k]?.listChanged === true);
  const timers = new Map<ListKind, NodeJS.Timeout>();
  let stopped = false;
  let poll: NodeJS.Timeout | undefined;
  let sub: { close(): Promise<void> } | undefined;

  const schedule = (kind: ListKind) => {
    if (stopped) return;
    clearTimeout(timers.get(kind));
    const timer = setTimeout(() => {
      timers.delete(kind);
      if (!stopped) opts.relist(kind, true);
    }, DEBOUNCE_MS);
    timer.unref();
    timers.set(kind, timer);
  };
  for (const kind of KINDS) client.setNotificationHandler(NOTIFICATION[kind], () => schedule(kind));

  const startPolling = (reason: string) => {
    if (stopped || poll !== undefined) return;
    opts.onPolling(reason);
    poll = setInterval(() => {
      for (const kind of announced) opts.relist(kind, false);
    }, opts.pollMs);
    poll.unref();
  };

  let ready: Promise<void> = Promise.resolve();
  if (client.getNegotiatedProtocolVersion() === MODERN_REVISION && announced.length > 0) {
    const filter = Object.fromEntries(announced.map((k) => [FILTER[k], true]));
    ready = client.listen(filter, { timeout: opts.ackTimeoutMs }).then(
      (s) => {
        if (stopped) return void s.close().catch(() => undefined);
        sub = s;
        void s.closed.then((how) => {
          if (how !== 'local') startPolling(`its subscriptions/listen stream ended (${how})`);
        });
      },
      (err: unknown) => startPolling(`its subscriptions/listen failed: ${describeError(err)}`),
    );
  }

  return {
    ready,
    stop() {
      stopped = true;
      for (const t of timers.values()) clearTimeout(t);
      timers.clear();
      clearInterval(poll);
      void sub?.close().catch(() => undefined);
    },
  };
}
