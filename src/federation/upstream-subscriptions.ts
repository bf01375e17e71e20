import { type Client, ProtocolError } from '@modelcontextprotocol/client';
import { type Backoff, backoffDelay } from './backoff.js';
import { callHeaders } from './connect.js';

/** The revision whose servers take resource subscriptions on `subscriptions/listen`. */
const LISTEN_REVISION = '2026-07-28';

/** The headers one holder's requests carry (caller identity, the tenant's credential). */
export type HolderHeaders = Readonly<Record<string, string>>;

/**
 * Subscribe `client` to updates of one resource of its server, with `headers` on the request:
 * `resources/subscribe` on a 2025-era connection, a `subscriptions/listen` stream naming the URI on
 * a 2026-07-28 one (`onEnded` runs if the server ends that stream). Resolves with the function that
 * ends the subscription — with the same headers (`resources/unsubscribe`; a stream is closed) —
 * and never rejects.
 */
async function subscribeOne(
  client: Client,
  uri: string,
  headers: HolderHeaders,
  timeoutMs: number,
  onEnded: () => void,
): Promise<() => Promise<void>> {
  const withHeaders = <T>(run: () => Promise<T>) => callHeaders.run({ ...headers }, run);
  if (client.getNegotiatedProtocolVersion() === LISTEN_REVISION) {
    const sub = await withHeaders(() =>
      client.listen({ resourceSubscriptions: [uri] }, { timeout: timeoutMs }),
    );
    void sub.closed.then(
      (how) => {
        if (how !== 'local') onEnded();
      },
      () => undefined,
    );
    return () => sub.close().catch(() => undefined);
  }
  await withHeaders(() => client.subscribeResource({ uri }, { timeout: timeoutMs }));
  return () =>
    withHeaders(() => client.unsubscribeResource({ uri }, { timeout: timeoutMs }))
      .then(() => undefined)
      .catch(() => undefined);
}

/** One hold of a URI: whose headers it came with. */
interface Hold {
  headers: HolderHeaders;
}

interface Held {
  /** The holds, oldest first. */
  holds: Hold[];
  /** Ends the upstream subscription on the live connection (absent while not attached). */
  end?: Promise<(() => Promise<void>) | undefined>;
  /** The latest upstream subscription: only its stream's end is followed by a new one. */
  live?: object;
  /** A new subscription after its stream ended, waiting for its backoff delay. */
  retry?: NodeJS.Timeout;
  /** Streams that ended soon after opening (or could not be opened again), in a row. */
  failures: number;
}

/** Reports of {@link UpstreamSubscriptions} (to log). */
export interface UpstreamSubscriptionEvents {
  /** Subscribing again (after a reconnect, or after its stream ended) with `headers` failed. */
  onError(uri: string, err: unknown, headers: HolderHeaders): void;
  /** The server ended a 2026-07-28 subscription stream; it is opened again after `delayMs`. */
  onEnded(uri: string, delayMs: number): void;
}

/**
 * The resource subscriptions one server connection holds for Portico's clients, counted per
 * server URI: the first holder subscribes upstream, the last one unsubscribes, and after a
 * reconnect every held URI is subscribed again on the new client. A 2026-07-28 subscription
 * stream the server ends (a restart) is opened again on the same client, with backoff.
 *
 * Each upstream subscription carries one holder's headers, never a mix: it is made (and ended)
 * with those of the holder that made it, and made again with those of the oldest holder still
 * holding it. A tenant's instance has only that tenant's holders; on a `shared` server they may be
 * another tenant's (the subscription is one per URI and connection). Headers stay in memory and
 * are never logged.
 */
export class UpstreamSubscriptions {
  private readonly held = new Map<string, Held>();
  private client: Client | undefined;

  constructor(
    private readonly timeoutMs: number,
    private readonly backoff: Backoff,
    private readonly events: UpstreamSubscriptionEvents,
  ) {}

  /** URIs held now. */
  uris(): string[] {
    return [...this.held.keys()];
  }

  /**
   * Hold `uri` for a holder whose requests carry `headers`; the first holder subscribes upstream
   * (when connected) with them. Resolves with the release of this hold (idempotent; the last
   * release unsubscribes upstream). Rejects if the upstream subscribe fails.
   */
  async add(uri: string, headers: HolderHeaders = {}): Promise<() => Promise<void>> {
    const hold: Hold = { headers: { ...headers } };
    const release = () => this.release(uri, hold);
    const h = this.held.get(uri);
    if (h !== undefined) {
      h.holds.push(hold);
      return release;
    }
    const entry: Held = { holds: [hold], failures: 0 };
    this.held.set(uri, entry);
    if (this.client === undefined) return release;
    const attempt = this.open(this.client, uri, entry, hold.headers);
    entry.end = attempt.catch(() => undefined);
    try {
      await attempt;
    } catch (err) {
      this.forget(uri, hold);
      throw err;
    }
    return release;
  }

  /** A (re)connected client: subscribe every held URI on it, with its oldest holder's headers. */
  attach(client: Client): void {
    this.client = client;
    for (const [uri, h] of this.held) {
      const oldest = h.holds[0];
      if (oldest === undefined) continue;
      h.failures = 0;
      h.end = this.open(client, uri, h, oldest.headers).catch((err: unknown) => {
        this.events.onError(uri, err, oldest.headers);
        return undefined;
      });
    }
  }

  /** The connection is gone: its subscriptions went with it. */
  detach(): void {
    this.client = undefined;
    for (const h of this.held.values()) {
      clearTimeout(h.retry);
      delete h.retry;
      delete h.end;
      delete h.live;
    }
  }

  /** Subscribe `uri` on `client` as `entry`'s live subscription. */
  private open(
    client: Client,
    uri: string,
    entry: Held,
    headers: HolderHeaders,
  ): Promise<() => Promise<void>> {
    const live = {};
    entry.live = live;
    const openedAt = Date.now();
    return subscribeOne(client, uri, headers, this.timeoutMs, () => {
      if (this.client !== client || this.held.get(uri) !== entry || entry.live !== live) return;
      // A stream that stayed open a while resets the backoff; one ended at once escalates it.
      if (Date.now() - openedAt >= this.backoff.maxDelayMs) entry.failures = 0;
      this.reopenLater(client, uri, entry, true);
    });
  }

  /** Subscribe `uri` again on `client` after a backoff delay (its stream `ended`, or reopening failed). */
  private reopenLater(client: Client, uri: string, entry: Held, ended: boolean): void {
    entry.failures++;
    const delayMs = backoffDelay(entry.failures, this.backoff);
    if (ended) this.events.onEnded(uri, delayMs);
    clearTimeout(entry.retry);
    entry.retry = setTimeout(() => {
      entry.retry = undefined;
      const oldest = entry.holds[0];
      if (this.client !== client || this.held.get(uri) !== entry || oldest === undefined) return;
      entry.end = this.open(client, uri, entry, oldest.headers).catch((err: unknown) => {
        this.events.onError(uri, err, oldest.headers);
        // The server refused it (a JSON-RPC error): asking again would not help.
        if (!(err instanceof ProtocolError) && this.client === client && this.held.get(uri) === entry) {
          this.reopenLater(client, uri, entry, false);
        }
        return undefined;
      });
    }, delayMs);
    entry.retry.unref();
  }

  /** Release `hold` of `uri`: the last one ends the upstream subscription. */
  private async release(uri: string, hold: Hold): Promise<void> {
    const h = this.forget(uri, hold);
    if (h === undefined) return;
    const end = await h.end;
    await end?.();
  }

  /** Drop `hold`; returns the entry when that was its last hold (and it is no longer held). */
  private forget(uri: string, hold: Hold): Held | undefined {
    const h = this.held.get(uri);
    const i = h?.holds.indexOf(hold) ?? -1;
    if (h === undefined || i < 0) return undefined;
    h.holds.splice(i, 1);
    if (h.holds.length > 0) return undefined;
    this.held.delete(uri);
    clearTimeout(h.retry);
    return h;
  }
}
