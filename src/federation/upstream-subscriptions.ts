import type { Client } from '@modelcontextprotocol/client';

/** The revision whose servers take resource subscriptions on `subscriptions/listen`. */
const LISTEN_REVISION = '2026-07-28';

/**
 * Subscribe `client` to updates of one resource of its server: `resources/subscribe` on a
 * 2025-era connection, a `subscriptions/listen` stream naming the URI on a 2026-07-28 one. Resolves
 * with the function that ends the subscription (never rejects).
 */
async function subscribeOne(client: Client, uri: string, timeoutMs: number): Promise<() => Promise<void>> {
  if (client.getNegotiatedProtocolVersion() === LISTEN_REVISION) {
    const sub = await client.listen({ resourceSubscriptions: [uri] }, { timeout: timeoutMs });
    return () => sub.close().catch(() => undefined);
  }
  await client.subscribeResource({ uri }, { timeout: timeoutMs });
  return () =>
    client
      .unsubscribeResource({ uri }, { timeout: timeoutMs })
      .then(() => undefined)
      .catch(() => undefined);
}

interface Held {
  count: number;
  /** Ends the upstream subscription on the live connection (absent while not attached). */
  end?: Promise<(() => Promise<void>) | undefined>;
}

/**
 * The resource subscriptions one server connection holds for Portico's clients, counted per
 * server URI: the first holder subscribes upstream, the last one unsubscribes, and after a
 * reconnect every held URI is subscribed again on the new client.
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

  /** Hold `uri`; the first holder subscribes upstream (when connected). Rejects if that fails. */
  async add(uri: string): Promise<void> {
    const h = this.held.get(uri);
    if (h !== undefined) {
      h.count++;
      return;
    }
    const entry: Held = { count: 1 };
    this.held.set(uri, entry);
    if (this.client === undefined) return;
    const client = this.client;
    const attempt = subscribeOne(client, uri, this.timeoutMs);
    entry.end = attempt.catch(() => undefined);
    try {
      await attempt;
    } catch (err) {
      if (this.held.get(uri) === entry && --entry.count === 0) this.held.delete(uri);
      throw err;
    }
  }

  /** Release one hold of `uri`; the last one unsubscribes upstream. */
  async remove(uri: string): Promise<void> {
    const h = this.held.get(uri);
    if (h === undefined || --h.count > 0) return;
    this.held.delete(uri);
    const end = await h.end;
    await end?.();
  }

  /** A (re)connected client: subscribe every held URI on it. */
  attach(client: Client): void {
    this.client = client;
    for (const [uri, h] of this.held) {
      h.end = subscribeOne(client, uri, this.timeoutMs).catch((err: unknown) => {
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
}
