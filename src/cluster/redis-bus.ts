import { randomBytes } from 'node:crypto';
import { InMemoryServerEventBus, type ServerEvent, type ServerEventBus } from '@modelcontextprotocol/server';
import type { Redis } from 'ioredis';
import type { Logger } from '../observability/index.js';

/** What travels on a Redis channel: the sending replica's id and the message. */
interface Envelope<T> {
  from: string;
  message: T;
}

/** A command to every replica (`portico reload`), and a replica's answer. */
export type ControlMessage =
  | { kind: 'reload'; requestId: string }
  | { kind: 'reload_result'; requestId: string; replica: string; ok: boolean; error?: string };

/**
 * The change bus across replicas: events published here are delivered to this replica's listeners
 * at once (as the in-memory bus does) and sent over Redis pub/sub to every other replica, which
 * delivers them to its own listeners (`subscriptions/listen` streams and legacy GET streams). While
 * Redis is down, events stay on the replica that published them.
 */
export class RedisEventBus implements ServerEventBus {
  /** This replica's id on the bus (random per process). */
  readonly replicaId = randomBytes(6).toString('hex');
  private readonly local: InMemoryServerEventBus;
  private readonly subscriber: Redis;
  private readonly eventsChannel: string;
  private readonly controlChannel: string;
  private readonly controlListeners = new Set<(m: ControlMessage) => void>();

  private constructor(
    private readonly redis: Redis,
    keyPrefix: string,
    private readonly logger: Logger,
  ) {
    this.local = new InMemoryServerEventBus((err) => logger.warn({ err }, 'change listener failed'));
    this.eventsChannel = `${keyPrefix}events`;
    this.controlChannel = `${keyPrefix}control`;
    // A subscribed connection cannot send commands: a second connection with the same options.
    this.subscriber = redis.duplicate();
    this.subscriber.on('error', () => undefined); // outages are logged once by the main client
    this.subscriber.on('message', (channel: string, text: string) => this.receive(channel, text));
  }

  /**
   * Connect the subscriber and subscribe to the channels; while Redis is down this resolves at once
   * and the subscription is made when it comes back (ioredis re-subscribes after reconnects).
   */
  static async open(redis: Redis, keyPrefix: string, logger: Logger): Promise<RedisEventBus> {
    const bus = new RedisEventBus(redis, keyPrefix, logger);
    const subscribe = () =>
      bus.subscriber.subscribe(bus.eventsChannel, bus.controlChannel).then(
        () => true,
        () => false,
      );
    bus.subscriber.on('ready', () => void subscribe());
    const connected = await bus.subscriber.connect().then(
      () => true,
      () => false,
    );
    if (!connected || !(await subscribe())) {
      logger.warn('change bus: Redis unreachable; events reach other replicas once it is back');
    }
    return bus;
  }

  publish(event: ServerEvent): void {
    this.local.publish(event);
    this.send(this.eventsChannel, event);
  }

  subscribe(listener: (event: ServerEvent) => void): () => void {
    return this.local.subscribe(listener);
  }

  /** Send a control message to every replica (this one included). */
  control(message: ControlMessage): void {
    for (const l of this.controlListeners) l(message);
    this.send(this.controlChannel, message);
  }

  /**
   * Send a control message to the other replicas only; resolves with how many Redis connections
   * received it (this bus's own subscriber included). Rejects while Redis is unreachable.
   */
  async broadcast(message: ControlMessage): Promise<number> {
    const envelope: Envelope<ControlMessage> = { from: this.replicaId, message };
    return this.redis.publish(this.controlChannel, JSON.stringify(envelope));
  }

  /** Listen to control messages from any replica; returns an unsubscribe function. */
  onControl(listener: (m: ControlMessage) => void): () => void {
    this.controlListeners.add(listener);
    return () => this.controlListeners.delete(listener);
  }

  close(): void {
    this.subscriber.disconnect();
  }

  private send(channel: string, message: unknown): void {
    const envelope: Envelope<unknown> = { from: this.replicaId, message };
    this.redis.publish(channel, JSON.stringify(envelope)).catch((err: Error) => {
      this.logger.debug(
        { err: { message: err.message } },
        'change bus: not sent to other replicas (Redis down)',
      );
    });
  }

  private receive(channel: string, text: string): void {
    let envelope: Envelope<unknown>;
    try {
      envelope = JSON.parse(text) as Envelope<unknown>;
    } catch {
      return;
    }
    if (envelope.from === this.replicaId) return;
    if (channel === this.eventsChannel) this.local.publish(envelope.message as ServerEvent);
    else if (channel === this.controlChannel) {
      for (const l of this.controlListeners) l(envelope.message as ControlMessage);
    }
  }
}
