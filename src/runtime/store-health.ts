import type { Logger } from '../observability/index.js';
import type { Store } from '../store/index.js';

const INTERVAL_MS = 2_000;
const TIMEOUT_MS = 2_000;

/** Pings the store in the background so `/healthz` can report not ready while it is unreachable. */
export class StoreHealth {
  private reachable = true;
  private timer: NodeJS.Timeout | undefined;
  private running = false;

  constructor(
    private readonly store: Store,
    private readonly logger: Logger,
  ) {}

  /** Start pinging (SQLite is a local file: never probed). */
  start(): void {
    if (this.store.kind === 'sqlite') return;
    this.timer = setInterval(() => void this.probe(), INTERVAL_MS);
    this.timer.unref();
  }

  get up(): boolean {
    return this.reachable;
  }

  /** Ping once now; true when the store answered. */
  async probe(): Promise<boolean> {
    if (this.running) return this.reachable;
    this.running = true;
    let ok: boolean;
    let timeout: NodeJS.Timeout | undefined;
    try {
      ok = await Promise.race([
        this.store.ping(),
        new Promise<boolean>((resolve) => {
          timeout = setTimeout(() => resolve(false), TIMEOUT_MS);
        }),
      ]);
    } catch {
      ok = false;
    } finally {
      clearTimeout(timeout);
      this.running = false;
    }
    if (ok !== this.reachable) {
      if (ok) this.logger.info({ store: this.store.kind }, 'database reachable again: ready');
      else this.logger.error({ store: this.store.kind }, 'database unreachable: /healthz reports not ready');
    }
    this.reachable = ok;
    return ok;
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
