import type { RelayedRequest } from '../gateway/index.js';

/** A server request waiting for the caller's answer, under the key Portico gave it. */
interface Asked {
  key: string;
  request: RelayedRequest;
  resolve(result: Record<string, unknown>): void;
  reject(err: unknown): void;
}

/** How a suspended call ended: its result, or the error its request failed with. */
export type Ending<T> = { ok: true; value: T } | { ok: false; error: unknown };

/**
 * Requests a server sends together go into one input-required result: after the first, Portico
 * waits this long for more (again after each new one), at most {@link SETTLE_MAX_MS} in all.
 */
const SETTLE_MS = 20;
const SETTLE_MAX_MS = 250;

const KEY_PREFIX: Record<RelayedRequest['method'], string> = {
  'sampling/createMessage': 'sampling',
  'elicitation/create': 'elicitation',
  'roots/list': 'roots',
};

const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * One upstream request (tools/call, prompts/get, resources/read) of a 2026-07-28 caller that keeps
 * running while the caller is asked for input. The server's sampling/elicitation/roots requests
 * wait here under keys Portico assigns until a retry carries their answers; the upstream's result
 * (or error) waits here until a retry picks it up.
 */
export class SuspendedCall<T> {
  /** Aborted to cancel the upstream request (time limit, missing capability, caller gone). */
  readonly upstream = new AbortController();
  /** Input-required results answered so far (the round a `requestState` must name). */
  round = 0;
  private readonly outstanding = new Map<string, Asked>();
  private asks = 0;
  private ending: Ending<T> | undefined;
  private readonly waiters = new Set<() => void>();
  /** A retry is being served: a second one with the same state waits for nothing and is refused. */
  busy = false;

  constructor(
    readonly id: string,
    readonly owner: string,
    readonly tenant: string,
  ) {}

  /** Run the upstream request; its end is kept until a request of the caller picks it up. */
  start(run: Promise<T>): void {
    run.then(
      (value) => this.end({ ok: true, value }),
      (error: unknown) => this.end({ ok: false, error }),
    );
  }

  /** The relay hook: the server's request waits for the caller's answer (or the call's end). */
  ask(request: RelayedRequest, signal: AbortSignal): Promise<Record<string, unknown>> {
    if (signal.aborted) return Promise.reject(signal.reason);
    if (this.upstream.signal.aborted) return Promise.reject(this.upstream.signal.reason);
    this.asks++;
    const key = `${KEY_PREFIX[request.method]}_${this.asks}`;
    return new Promise((resolve, reject) => {
      const done = () => {
        signal.removeEventListener('abort', onAbort);
        this.outstanding.delete(key);
      };
      const onAbort = () => {
        done();
        reject(signal.reason);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.outstanding.set(key, {
        key,
        request,
        resolve: (r) => {
          done();
          resolve(r);
        },
        reject: (e) => {
          done();
          reject(e);
        },
      });
      this.wake();
    });
  }

  /** The requests waiting for the caller, by key. */
  pending(): Map<string, RelayedRequest> {
    return new Map([...this.outstanding].map(([k, a]) => [k, a.request]));
  }

  /**
   * Hand the caller's answers (`inputResponses`) to the waiting requests they name. Keys Portico
   * did not ask (or already answered) and entries that are not result objects are ignored; the
   * request they should have answered stays outstanding.
   */
  answer(responses: Record<string, unknown> | undefined): void {
    for (const [key, value] of Object.entries(responses ?? {})) {
      const asked = this.outstanding.get(key);
      if (asked !== undefined && isObject(value)) asked.resolve(value);
    }
  }

  /** The end, once the upstream request is over. */
  ended(): Ending<T> | undefined {
    return this.ending;
  }

  /**
   * Wait for the next event: the upstream's end, or requests for the caller (then a short settle,
   * so requests the server sends together are asked together). Rejects when `signal` aborts.
   */
  async next(signal: AbortSignal): Promise<void> {
    while (this.ending === undefined && this.outstanding.size === 0) await this.changed(signal);
    if (this.ending !== undefined) return;
    const started = Date.now();
    let seen = -1;
    while (seen !== this.asks && this.ending === undefined && Date.now() - started < SETTLE_MAX_MS) {
      seen = this.asks;
      await sleep(SETTLE_MS, signal);
    }
  }

  /** Cancel the upstream request: its waiting requests fail, and so does the request itself. */
  cancel(reason: Error): void {
    for (const asked of [...this.outstanding.values()]) asked.reject(reason);
    this.upstream.abort(reason);
  }

  private end(ending: Ending<T>): void {
    this.ending ??= ending;
    this.wake();
  }

  private wake(): void {
    for (const w of [...this.waiters]) w();
  }

  private changed(signal: AbortSignal): Promise<void> {
    if (signal.aborted) return Promise.reject(signal.reason);
    return new Promise((resolve, reject) => {
      const done = () => {
        this.waiters.delete(onWake);
        signal.removeEventListener('abort', onAbort);
      };
      const onWake = () => {
        done();
        resolve();
      };
      const onAbort = () => {
        done();
        reject(signal.reason);
      };
      this.waiters.add(onWake);
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
