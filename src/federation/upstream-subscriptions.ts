import type { Client } from '@modelcontextprotocol/client';
import { callHeaders } from './connect.js';

/** The revision whose servers take resource subscriptions on `subscriptions/listen`. */
const LISTEN_REVISION = '2026-07-28';

/** The headers one holder's requests carry (caller identity, the tenant's credential). */
export type HolderHeaders = Readonly<Record<string, string>>;

/**
 * Subscribe `client` to updates of one resource of its server, with `headers` on the request:
 * `resources/subscribe` on a 2025-era connection, a `subscriptions/listen` stream naming the URI on
 * a 2026-07-28 one. Resolves with the function that ends the subscription — with the same headers
 * (`resources/unsubscribe`; a stream is closed) — and never rejects.
 */
async function subscribeOne(
  client: Client,
  uri: string,
  headers: HolderHeaders,
  timeoutMs: number,
): Promise<() => Promise<void>> {
  const withHeaders = <T>(run: () => Promise<T>) => callHeaders.run({ ...headers }, run);
  if (client.getNegotiatedProtocolVersion() === LISTEN_REVISION) {
    const sub = await withHeaders(() =>
      client.listen({ resourceSubscriptions: [uri] }, { timeout: timeoutMs }),
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
}

/**
 * The resource subscriptions one server connection holds for Portico's clients, counted per
 * server URI: the first holder subscribes upstream, the last one unsubscribes, and after a
 * reconnect every held URI is subscribed again on the new client.
 *
 * Each upstream subscription carries one holder's headers, never a mix: it is made (and ended)
 * with those of the holder that made it, and after a reconnect made again with those of the
 * oldest holder still holding it. A tenant's instance has only that tenant's holders; on a
 * `shared` server they may be another tenant's (the subscription is one per URI and connection).
 * Headers stay in memory and are never logged.
 */
export class UpstreamSubscriptions {
  private readonly held = new Map<string, Held>();
  private client: Client | undefined;

  constructor(
    private readonly timeoutMs: number,
    private readonly onError: (uri: string, err: unknown) => void,
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
    const entry: Held = { holds: [hold] };
    this.held.set(uri, entry);
    if (this.client === undefined) return release;
    const attempt = subscribeOne(this.client, uri, hold.headers, this.timeoutMs);
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
      h.end = subscribeOne(client, uri, oldest.headers, this.timeoutMs).catch((err: unknown) => {
        this.onError(uri, err);
        return undefined;
      });
    }
  }

  /** The connection is gone: its subscriptions went with it. */
  detach(): void {
    this.client = undefined;
    for (const h of this.held.values()) delete h.end;
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
    return h;
  }
}
