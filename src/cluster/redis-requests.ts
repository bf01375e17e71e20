import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Logger } from '../observability/index.js';

/** A request between replicas, and its answer. */
type Frame =
  | { kind: 'request'; id: string; replyTo: string; body: unknown }
  | { kind: 'answer'; id: string; ok: true; body: unknown }
  | { kind: 'answer'; id: string; ok: false; error: string };

/** No replica serves the address a request was sent to (none subscribed when it was published). */
export class NoReplicaError extends Error {}

/**
 * Requests from one replica to another over Redis pub/sub: a replica serves the addresses it owns
 * (`serve`), any replica sends to an address (`request`) and gets the answer on its own reply
 * channel. A request nobody serves fails at once ({@link NoReplicaError}, from the receiver count
 * Redis returns); one whose server never answers fails at the caller's signal.
 */
export class RedisRequests {
  /** This replica's reply address (random per process). */
  private readonly id = randomBytes(8).toString('hex');
  private readonly subscriber: Redis;
  private readonly handlers = new Map<string, (body: unknown) => Promise<unknown>>();
  private readonly waiting = new Map<string, { resolve(v: unknown): void; reject(e: Error): void }>();

  private constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly logger: Logger,
  ) {
    this.subscriber = redis.duplicate();
    this.subscriber.on('error', () => undefined); // outages are logged once by the main client
    this.subscriber.on('message', (channel: string, text: string) => this.receive(channel, text));
  }

  /** Connect the subscriber (resolves even while Redis is down: requests then fail). */
  static async open(redis: Redis, keyPrefix: string, logger: Logger): Promise<RedisRequests> {
    const requests = new RedisRequests(redis, `${keyPrefix}rpc:`, logger);
    await requests.subscriber.connect().catch(() => undefined);
    await requests.subscriber.subscribe(requests.replyChannel(requests.id)).catch(() => undefined);
    return requests;
  }

  /** Answer requests sent to `address` with `handler`; returns the function that stops serving. */
  serve(address: string, handler: (body: unknown) => Promise<unknown>): () => void {
    this.handlers.set(address, handler);
    void this.subscriber.subscribe(this.requestChannel(address)).catch(() => undefined);
    return () => {
      this.handlers.delete(address);
      void this.subscriber.unsubscribe(this.requestChannel(address)).catch(() => undefined);
    };
  }

  /** Send `body` to the replica serving `address`; resolves with its answer. */
  async request(address: string, body: unknown, signal: AbortSignal): Promise<unknown> {
    const id = randomBytes(8).toString('hex');
    const frame: Frame = { kind: 'request', id, replyTo: this.id, body };
    const answer = new Promise<unknown>((resolve, reject) => {
      const onAbort = () => {
        this.waiting.delete(id);
        reject(signal.reason instanceof Error ? signal.reason : new Error(String(signal.reason)));
      };
      if (signal.aborted) return onAbort();
      signal.addEventListener('abort', onAbort, { once: true });
      this.waiting.set(id, {
        resolve: (v) => {
          signal.removeEventListener('abort', onAbort);
          resolve(v);
        },
        reject: (e) => {
          signal.removeEventListener('abort', onAbort);
          reject(e);
        },
      });
    });
    const receivers = await this.redis
      .publish(this.requestChannel(address), JSON.stringify(frame))
      .catch(() => 0);
    if (receivers === 0) {
      this.waiting.get(id)?.reject(new NoReplicaError(`no replica serves ${address}`));
      this.waiting.delete(id);
    }
    return answer;
  }

  close(): void {
    for (const w of this.waiting.values()) w.reject(new Error('shutting down'));
    this.waiting.clear();
    this.subscriber.disconnect();
  }

  private requestChannel(address: string): string {
    return `${this.prefix}to:${address}`;
  }

  private replyChannel(id: string): string {
    return `${this.prefix}reply:${id}`;
  }

  private receive(channel: string, text: string): void {
    let frame: Frame;
    try {
      frame = JSON.parse(text) as Frame;
    } catch {
      return;
    }
    if (frame.kind === 'answer') {
      const w = this.waiting.get(frame.id);
      this.waiting.delete(frame.id);
      if (frame.ok) w?.resolve(frame.body);
      else w?.reject(new Error(frame.error));
      return;
    }
    const address = channel.slice(this.requestChannel('').length);
    const handler = this.handlers.get(address);
    if (handler === undefined) return;
    const reply = (answer: Frame) =>
      this.redis.publish(this.replyChannel(frame.replyTo), JSON.stringify(answer)).catch((err: Error) => {
        this.logger.warn({ err: { message: err.message } }, 'could not answer another replica (Redis down)');
      });
    handler(frame.body).then(
      (body) => reply({ kind: 'answer', id: frame.id, ok: true, body }),
      (err: unknown) =>
        reply({
          kind: 'answer',
          id: frame.id,
          ok: false,
          error: err instanceof Error ? err.message : String(err),
        }),
    );
  }
}
