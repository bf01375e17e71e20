import pg from 'pg';

/** The channel token inserts and revocations are announced on (`NOTIFY`). */
export const TOKENS_CHANNEL = 'portico_tokens';

/**
 * A dedicated connection that `LISTEN`s for token changes committed by any replica or CLI on the
 * same database. {@link version} changes on every notification; it is undefined while the
 * connection is down (then nothing may be cached), and it moves on reconnect (notifications may
 * have been missed meanwhile).
 */
export class TokenChanges {
  private client: pg.Client | undefined;
  private counter = 0;
  private listening = false;
  private closed = false;
  private retry: NodeJS.Timeout | undefined;
  private retryMs = 100;
  private readonly echoes = new Map<string, () => void>();

  constructor(
    private readonly config: pg.ClientConfig,
    private readonly onError: (err: unknown) => void,
  ) {}

  /** Connect and LISTEN (resolves once listening, or after a failed first attempt that will be retried). */
  async start(): Promise<void> {
    await this.connect();
  }

  /**
   * Resolves when the notification with this payload comes back on this listener (PostgreSQL has
   * then delivered it to the other listeners too), or after `timeoutMs`; at once while not listening.
   */
  echo(payload: string, timeoutMs: number): Promise<void> {
    if (!this.listening) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.echoes.delete(payload);
        resolve();
      }, timeoutMs);
      timer.unref();
      this.echoes.set(payload, () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  version(): number | undefined {
    return this.listening ? this.counter : undefined;
  }

  private async connect(): Promise<void> {
    if (this.closed) return;
    const client = new pg.Client(this.config);
    this.client = client;
    client.on('notification', (msg) => {
      this.counter++;
      const echo = msg.payload === undefined ? undefined : this.echoes.get(msg.payload);
      if (echo !== undefined) {
        this.echoes.delete(msg.payload as string);
        echo();
      }
    });
    const lost = (err?: unknown) => {
      if (this.client !== client) return;
      this.listening = false;
      this.client = undefined;
      if (err !== undefined) this.onError(err);
      client.removeAllListeners('end');
      client.end().catch(() => undefined);
      this.schedule();
    };
    client.on('error', (err) => lost(err));
    client.on('end', () => lost());
    try {
      await client.connect();
      await client.query(`LISTEN ${TOKENS_CHANNEL}`);
      this.counter++;
      this.listening = true;
      this.retryMs = 100;
    } catch (err) {
      lost(err);
    }
  }

  private schedule(): void {
    if (this.closed || this.retry !== undefined) return;
    this.retry = setTimeout(() => {
      this.retry = undefined;
      void this.connect();
    }, this.retryMs);
    this.retry.unref();
    this.retryMs = Math.min(this.retryMs * 2, 5_000);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.listening = false;
    if (this.retry !== undefined) clearTimeout(this.retry);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }
}
