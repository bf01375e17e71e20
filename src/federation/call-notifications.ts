import type { ElicitationCompleteParams, FederatedClientNotification, FederatedLogMessage } from './types.js';

/** Where one running tools/call takes the server's notifications for its client. */
export interface CallSinks {
  onLog?: (message: FederatedLogMessage) => void;
  onElicitationComplete?: (params: ElicitationCompleteParams) => void;
}

export interface CallNotificationsOptions {
  /** Set for a `per_tenant` server's tenant instance: every call on it is that tenant's. */
  tenant?: string;
  /** A tenant instance's notification no running call could carry (→ the tenant's GET streams). */
  onIdle?(notification: FederatedClientNotification): void;
  /** A notification was dropped (no call, or several calls to choose from); reported once per connection. */
  onDropped(dropped: { method: string; running: number }): void;
}

function deliver(sinks: CallSinks, n: FederatedClientNotification): boolean {
  if (n.method === 'notifications/message') {
    if (sinks.onLog === undefined) return false;
    sinks.onLog(n.params);
    return true;
  }
  if (sinks.onElicitationComplete === undefined) return false;
  sinks.onElicitationComplete(n.params);
  return true;
}

/**
 * Routes a federated server's notifications for the client (log messages, URL elicitation
 * completions) to the calls running on its connection. A `per_tenant` instance only runs its own
 * tenant's calls: every running call that can carry it gets it, and with none it goes to `onIdle`
 * (the tenant's GET streams). A `shared` connection's notification names no caller: only the one
 * call running on it may get it (the rule server requests follow, `relay.ts`); with none or several
 * running it is dropped, since it cannot be attributed to a tenant.
 */
export class CallNotifications {
  private readonly calls = new Set<CallSinks>();
  private reported = false;

  constructor(private readonly opts: CallNotificationsOptions) {}

  /** A call started; the returned function removes it when it ends. */
  add(call: CallSinks): () => void {
    this.calls.add(call);
    return () => this.calls.delete(call);
  }

  /** A new upstream connection: its first dropped notification is reported again. */
  reset(): void {
    this.reported = false;
  }

  route(n: FederatedClientNotification): void {
    const calls = [...this.calls];
    if (this.opts.tenant !== undefined) {
      let taken = false;
      for (const call of calls) taken = deliver(call, n) || taken;
      if (!taken && this.opts.onIdle !== undefined) this.opts.onIdle(n);
      return;
    }
    const only = calls.length === 1 ? calls[0] : undefined;
    if (only !== undefined && deliver(only, n)) return;
    if (this.reported) return;
    this.reported = true;
    this.opts.onDropped({ method: n.method, running: calls.length });
  }
}
