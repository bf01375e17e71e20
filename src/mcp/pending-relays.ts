import type { JSONRPCMessage, Transport } from '@modelcontextprotocol/server';

interface Waiting {
  owner: string;
  /** Takes the client's answer: the waiting SDK server's transport, or a relay of its own. */
  receive: Transport | ((message: JSONRPCMessage) => void);
}

/**
 * Relayed requests waiting for a 2025-11-25 client's answer. Portico serves those clients
 * statelessly: a relayed request goes out on the tools/call's response stream from that request's
 * own SDK server, but the client POSTs its answer as a separate HTTP request. The answer carries
 * the client's session id, so the edge hands it here and it reaches the transport of the server
 * that waits for it. A session has one relayed request outstanding at a time (per-request servers
 * number their requests from 0, so ids alone would not tell two apart); others queue.
 *
 * In-process: the answer must reach the replica that sent the request (session affinity on
 * `Mcp-Session-Id` behind a load balancer); otherwise it is not delivered and the call's time
 * limit ends the wait.
 */
export class PendingRelays {
  private readonly waiting = new Map<string, Waiting>();
  private readonly tails = new Map<string, Promise<void>>();

  /**
   * Run `send` (which sends one request and awaits its answer, handed to `receive`: the transport
   * of the stream it went out on, or a function) as the session's one outstanding relayed request,
   * after the ones queued before it.
   */
  async run<T>(
    session: string,
    owner: string,
    receive: Waiting['receive'],
    signal: AbortSignal,
    send: () => Promise<T>,
  ): Promise<T> {
    const before = this.tails.get(session) ?? Promise.resolve();
    let release = (): void => undefined;
    const mine = new Promise<void>((resolve) => {
      release = resolve;
    });
    const tail = before.then(() => mine);
    this.tails.set(session, tail);
    const entry: Waiting = { owner, receive };
    try {
      await abortable(before, signal);
      this.waiting.set(session, entry);
      return await send();
    } finally {
      if (this.waiting.get(session) === entry) this.waiting.delete(session);
      release();
      if (this.tails.get(session) === tail) this.tails.delete(session);
    }
  }

  /**
   * Deliver a client's JSON-RPC response POSTed with `session` to the relayed request waiting on
   * it, if `owner` (the caller's identity) is the one it was sent to. False when none waits here.
   */
  deliver(session: string, owner: string, message: JSONRPCMessage): boolean {
    const entry = this.waiting.get(session);
    if (entry === undefined || entry.owner !== owner) return false;
    if (typeof entry.receive === 'function') {
      entry.receive(message);
      return true;
    }
    if (entry.receive.onmessage === undefined) return false;
    entry.receive.onmessage(message);
    return true;
  }

  /** Sessions with a relayed request waiting now. */
  size(): number {
    return this.waiting.size;
  }
}

function abortable(wait: Promise<void>, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<void>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    wait.then(
      () => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      },
      () => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      },
    );
  });
}
