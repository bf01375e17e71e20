import type { JSONRPCMessage } from '@modelcontextprotocol/server';
import { PorticoError } from '../errors/index.js';
import type { RelayedRequest } from '../gateway/index.js';
import type { PendingRelays } from './pending-relays.js';

/** Writes one JSON-RPC message on a 2025-11-25 GET stream. */
export type StreamWriter = (message: JSONRPCMessage) => void;

interface Stream {
  write: StreamWriter;
  /** Aborted when the stream closes: a request waiting for an answer on it ends. */
  closed: AbortController;
}

interface RootsSession {
  session: string;
  /** Identity the answer must come from (tenant and credential, `relayOwner`). */
  owner: string;
}

const unsupported = (method: string, message: string): PorticoError =>
  new PorticoError('relay_unsupported', message, { method });

/**
 * `roots/list` a tenant's server instance sends while none of the tenant's calls runs — typically
 * right after Portico forwarded the client's `notifications/roots/list_changed` (server-everything
 * asks again then). It goes to the 2025-11-25 session of that tenant that last sent
 * `notifications/roots/list_changed` (and declared `roots`), as a request on its GET stream open on
 * this replica; the client POSTs its answer with its session id, which {@link PendingRelays} hands
 * back. Any other request outside a call, or with no such stream here, is refused as before.
 */
export class RootsRelay {
  private readonly streams = new Map<string, Stream[]>();
  private readonly changedBy = new Map<string, RootsSession>();
  private next = 0;

  constructor(private readonly pending: PendingRelays) {}

  /** A session's GET stream opened here; the returned function detaches it when it closes. */
  attach(session: string, write: StreamWriter): () => void {
    const stream: Stream = { write, closed: new AbortController() };
    this.streams.set(session, [...(this.streams.get(session) ?? []), stream]);
    return () => {
      stream.closed.abort(new Error('the GET stream closed'));
      const left = (this.streams.get(session) ?? []).filter((s) => s !== stream);
      if (left.length > 0) this.streams.set(session, left);
      else this.streams.delete(session);
    };
  }

  /** `session` of `tenant` (which declared roots) sent `notifications/roots/list_changed`. */
  rootsChanged(tenant: string, session: string, owner: string): void {
    this.changedBy.set(tenant, { session, owner });
  }

  /** Relay `request` of a tenant's instance with no call running (see the class). */
  async relay(
    tenant: string,
    request: RelayedRequest,
    upstream: AbortSignal,
  ): Promise<Record<string, unknown>> {
    const { method } = request;
    if (method !== 'roots/list') {
      throw unsupported(
        method,
        `Portico relays ${method} to the client only while one of its tools/call requests runs; none is running now, so there is no client to ask.`,
      );
    }
    const target = this.changedBy.get(tenant);
    const stream = target === undefined ? undefined : this.streams.get(target.session)?.at(-1);
    if (target === undefined || stream === undefined) {
      throw unsupported(
        method,
        'Portico relays roots/list outside a tools/call only to the 2025-11-25 session that last sent notifications/roots/list_changed, on its GET stream open on this replica; there is none, so there is no client to ask.',
      );
    }
    const id = `portico-roots-${++this.next}`;
    // Ends when the server gives up (cancel, its own timeout) or the stream closes.
    const signal = AbortSignal.any([upstream, stream.closed.signal]);
    let answer: (message: JSONRPCMessage) => void = () => undefined;
    return this.pending.run(
      target.session,
      target.owner,
      (message) => answer(message),
      signal,
      () =>
        new Promise<Record<string, unknown>>((resolve, reject) => {
          const onAbort = () => reject(signal.reason);
          if (signal.aborted) return onAbort();
          signal.addEventListener('abort', onAbort, { once: true });
          answer = (message) => {
            if (!('id' in message) || message.id !== id) return;
            signal.removeEventListener('abort', onAbort);
            if ('result' in message) resolve(message.result as Record<string, unknown>);
            else if ('error' in message)
              reject(Object.assign(new Error(message.error.message), message.error));
          };
          stream.write({
            jsonrpc: '2.0',
            id,
            method,
            ...(request.params !== undefined ? { params: request.params } : {}),
          });
        }),
    );
  }
}
