import type { ServerEvent, ServerEventBus } from '@modelcontextprotocol/server';
import { PorticoError } from '../errors/index.js';
import type { FederatedCaller, Federation, FederationEvent, FederationLogger } from '../federation/index.js';
import { asBusEvent, type TaggedEvent, taskStatusEvent } from './events.js';
import { SessionLogLevels } from './log-levels.js';

/** Most resource URIs one session or one listen stream may subscribe to. */
export const MAX_SUBSCRIPTIONS_PER_HOLDER = 100;

/** How long a 2025-11-25 session's subscriptions outlive its last GET stream on this replica. */
export const DEFAULT_SESSION_GRACE_MS = 60_000;

interface Session {
  tenant: string;
  /** Namespaced URI → the release of its upstream hold (pending while subscribing). */
  uris: Map<string, Promise<() => Promise<void>>>;
  timer: NodeJS.Timeout | undefined;
}

export interface ResourceSubscriptionsDeps {
  /** The federation serving now (replaced on reload). */
  federation(): Federation;
  bus: ServerEventBus;
  logger: FederationLogger;
  sessionGraceMs?: number;
}

/**
 * Resource subscriptions of Portico's clients on the federated servers, and the relay of the
 * servers' changes onto the change bus.
 *
 * - A 2026-07-28 `subscriptions/listen` stream holds its `resourceSubscriptions` while it is open.
 * - A 2025-11-25 session holds what it `resources/subscribe`d until it unsubscribes, or until it
 *   has had no GET stream open on this replica for `sessionGraceMs`.
 * - Every hold is counted per upstream connection (see `Federation.subscribe`), so a server
 *   receives one subscription per URI and tenant instance, whatever the number of clients.
 *
 * Events are tagged with the tenant they belong to (a `per_tenant` instance's) and, for resource
 * updates, the 2025 sessions subscribed here, so any replica's streams can deliver them.
 */
export class ResourceSubscriptions {
  private readonly sessions = new Map<string, Session>();
  private readonly openStreams = new Map<string, number>();
  private readonly graceMs: number;
  /** The log level each 2025-11-25 session set here (filters its GET stream's log messages). */
  readonly logLevels = new SessionLogLevels();

  constructor(private readonly deps: ResourceSubscriptionsDeps) {
    this.graceMs = deps.sessionGraceMs ?? DEFAULT_SESSION_GRACE_MS;
  }

  /** Relay `federation`'s events onto the bus; returns the function that stops it. */
  relay(federation: Federation): () => void {
    return federation.onEvent((event) => this.deps.bus.publish(this.tagged(event)));
  }

  /**
   * Hold the subscriptions a 2026-07-28 listen stream asks for. Resolves with the URIs held (the
   * ones that failed are logged and left out) and the release for when the stream ends.
   */
  async holdForListen(
    caller: FederatedCaller,
    uris: readonly string[],
  ): Promise<{ held: string[]; release: () => void }> {
    const unique = [...new Set(uris)];
    if (unique.length > MAX_SUBSCRIPTIONS_PER_HOLDER) throw this.tooMany(unique.length);
    const federation = this.deps.federation();
    const outcomes = await Promise.all(
      unique.map((uri) =>
        federation.subscribe(uri, { caller }).then(
          (release) => ({ uri, release }),
          (err: unknown) => {
            this.deps.logger.warn(
              { tenant: caller.tenantId, uri, error: (err as Error).message },
              'subscriptions/listen: a resource subscription could not be made; it is left out of the acknowledgement',
            );
            return undefined;
          },
        ),
      ),
    );
    const ok = outcomes.filter((o) => o !== undefined);
    return {
      held: ok.map((o) => o.uri),
      release: () => {
        for (const o of ok) void o.release().catch(() => undefined);
      },
    };
  }

  /** `resources/subscribe` of a 2025-11-25 session. Subscribing twice is one subscription. */
  async subscribeSession(sessionId: string, caller: FederatedCaller, uri: string): Promise<void> {
    let session = this.sessions.get(sessionId);
    if (session !== undefined && session.tenant !== caller.tenantId) throw this.notYours();
    if (session?.uris.has(uri) === true) return;
    if (session !== undefined && session.uris.size >= MAX_SUBSCRIPTIONS_PER_HOLDER) {
      throw this.tooMany(session.uris.size + 1);
    }
    if (session === undefined) {
      session = { tenant: caller.tenantId, uris: new Map(), timer: undefined };
      this.sessions.set(sessionId, session);
      this.schedule(sessionId);
    }
    const hold = this.deps.federation().subscribe(uri, { caller });
    session.uris.set(uri, hold);
    try {
      await hold;
    } catch (err) {
      if (session.uris.get(uri) === hold) session.uris.delete(uri);
      throw err;
    }
  }

  /** `resources/unsubscribe` of a 2025-11-25 session (a URI it does not hold is not an error). */
  async unsubscribeSession(sessionId: string, caller: FederatedCaller, uri: string): Promise<void> {
    const session = this.sessions.get(sessionId);
    if (session === undefined) return;
    if (session.tenant !== caller.tenantId) throw this.notYours();
    const hold = session.uris.get(uri);
    if (hold === undefined) return;
    session.uris.delete(uri);
    await releaseHold(hold);
  }

  /** A session's GET stream opened on this replica; call the returned function when it closes. */
  streamOpened(sessionId: string): () => void {
    this.openStreams.set(sessionId, (this.openStreams.get(sessionId) ?? 0) + 1);
    const session = this.sessions.get(sessionId);
    if (session !== undefined) {
      clearTimeout(session.timer);
      session.timer = undefined;
    }
    let closed = false;
    return () => {
      if (closed) return;
      closed = true;
      const left = (this.openStreams.get(sessionId) ?? 1) - 1;
      if (left > 0) this.openStreams.set(sessionId, left);
      else this.openStreams.delete(sessionId);
      this.schedule(sessionId);
    };
  }

  /** URIs a session holds (for tests and diagnostics). */
  sessionUris(sessionId: string): string[] {
    return [...(this.sessions.get(sessionId)?.uris.keys() ?? [])];
  }

  /** Release every session's subscriptions (shutdown). */
  async close(): Promise<void> {
    const all = [...this.sessions.keys()];
    await Promise.all(all.map((id) => this.endSession(id)));
  }

  private tagged(event: FederationEvent): ServerEvent {
    if (event.kind === 'client_notification') {
      const { tenant, notification } = event;
      const log = notification.method === 'notifications/message';
      return asBusEvent({
        kind: 'client_notification',
        tenant,
        notification: { method: notification.method, params: { ...notification.params } },
        ...(log ? { levels: this.logLevels.forTenant(tenant) } : {}),
      });
    }
    const who = event.tenant !== undefined ? { tenant: event.tenant } : {};
    if (event.kind === 'task_status') return taskStatusEvent(event.server, event.tenant, event.task);
    if (event.kind !== 'resource_updated') return { kind: event.kind, ...who };
    const sessions: string[] = [];
    for (const [id, s] of this.sessions) {
      if ((event.tenant === undefined || s.tenant === event.tenant) && s.uris.has(event.uri))
        sessions.push(id);
    }
    const tagged: TaggedEvent = { kind: 'resource_updated', uri: event.uri, ...who, sessions };
    return tagged;
  }

  private schedule(sessionId: string): void {
    const session = this.sessions.get(sessionId);
    if (session === undefined || (this.openStreams.get(sessionId) ?? 0) > 0) return;
    clearTimeout(session.timer);
    session.timer = setTimeout(() => void this.endSession(sessionId), this.graceMs);
    session.timer.unref();
  }

  private async endSession(sessionId: string): Promise<void> {
    const session = this.sessions.get(sessionId);
    if (session === undefined) return;
    this.sessions.delete(sessionId);
    clearTimeout(session.timer);
    await Promise.all([...session.uris.values()].map(releaseHold));
  }

  private tooMany(n: number): PorticoError {
    return new PorticoError(
      'invalid_request',
      `Too many resource subscriptions (${n}): one session or subscriptions/listen stream may hold at most ${MAX_SUBSCRIPTIONS_PER_HOLDER}.`,
      { max: MAX_SUBSCRIPTIONS_PER_HOLDER },
    );
  }

  private notYours(): PorticoError {
    return new PorticoError(
      'invalid_request',
      'This session belongs to another tenant: initialize a session of your own.',
    );
  }
}

async function releaseHold(hold: Promise<() => Promise<void>>): Promise<void> {
  const release = await hold.catch(() => undefined);
  await release?.().catch(() => undefined);
}
