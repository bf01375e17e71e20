import {
  createLocalJWKSet,
  errors,
  type FlattenedJWSInput,
  type JSONWebKeySet,
  type JWSHeaderParameters,
} from 'jose';
import type { Logger } from '../observability/index.js';

/** Options of {@link RemoteKeys}. */
export interface RemoteKeysOptions {
  /** Where the JWKS is (resolved once, e.g. by discovery; retried until it succeeds). */
  jwksUri: () => Promise<string>;
  /** Shortest time between two fetches (default 5 s): unknown key ids wait for the next allowed one. */
  minIntervalMs?: number;
  /** A JWKS older than this is refreshed in the background on use (default 10 min). */
  maxAgeMs?: number;
  /** Per-fetch timeout (default 5 s). */
  timeoutMs?: number;
  logger?: Logger;
  /** Clock (ms). */
  now?: () => number;
}

/** Thrown by {@link RemoteKeys.getKey} when no JWKS could be fetched yet. */
export class KeysUnavailableError extends Error {
  override readonly name = 'KeysUnavailableError';
}

type LocalSet = ReturnType<typeof createLocalJWKSet>;

/**
 * An identity provider's signing keys. Fetched at start-up (retried with back-off until it works;
 * {@link ready} is false until then); a token whose `kid` is not in the cached set triggers one
 * refetch shared by every waiting request (single flight) and at most one fetch per
 * `minIntervalMs` — a request arriving inside that interval waits for the next allowed fetch rather
 * than being refused, so a key rotation costs a client no refused call. A failed later fetch keeps
 * the cached keys and is logged.
 */
export class RemoteKeys {
  private local: LocalSet | undefined;
  private kids: string[] = [];
  private fetchedAt = 0;
  private lastAttempt = Number.NEGATIVE_INFINITY;
  private inflight: Promise<void> | undefined;
  private uri: string | undefined;
  private lastError: string | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private closed = false;
  /** Next background refresh of a stale set (spaced out by a minute while the IdP fails). */
  private nextBackground = 0;
  private readonly minIntervalMs: number;
  private readonly maxAgeMs: number;
  private readonly timeoutMs: number;
  private readonly now: () => number;

  constructor(private readonly opts: RemoteKeysOptions) {
    this.minIntervalMs = opts.minIntervalMs ?? 5_000;
    this.maxAgeMs = opts.maxAgeMs ?? 10 * 60_000;
    this.timeoutMs = opts.timeoutMs ?? 5_000;
    this.now = opts.now ?? Date.now;
  }

  /** True once a JWKS has been fetched. */
  ready(): boolean {
    return this.local !== undefined;
  }

  /** Why the keys are not available (undefined when they are). */
  problem(): string | undefined {
    return this.ready() ? undefined : (this.lastError ?? 'not fetched yet');
  }

  /** The key ids of the cached JWKS. */
  keyIds(): readonly string[] {
    return this.kids;
  }

  /** Fetch the keys now; on failure log it and retry in the background with back-off (1 s … 30 s). */
  async start(): Promise<void> {
    await this.refresh(false);
    if (!this.ready()) this.scheduleRetry(1_000);
  }

  /** Stop retrying. */
  close(): void {
    this.closed = true;
    if (this.retryTimer !== undefined) clearTimeout(this.retryTimer);
  }

  private scheduleRetry(delayMs: number): void {
    if (this.closed || this.ready()) return;
    this.retryTimer = setTimeout(() => {
      void this.refresh(false).then(() => {
        if (!this.ready()) this.scheduleRetry(Math.min(30_000, delayMs * 2));
      });
    }, delayMs);
    this.retryTimer.unref();
  }

  /** The key for a JWS header (jose's `JWTVerifyGetKey`). */
  readonly getKey = async (header: JWSHeaderParameters, token: FlattenedJWSInput) => {
    if (this.local === undefined) {
      await this.refresh(false);
      if (this.local === undefined) throw new KeysUnavailableError(this.problem());
    } else if (this.now() - this.fetchedAt > this.maxAgeMs && this.now() >= this.nextBackground) {
      this.nextBackground = this.now() + 60_000;
      void this.refresh(false);
    }
    try {
      return await (this.local as LocalSet)(header, token);
    } catch (err) {
      if (!(err instanceof errors.JWKSNoMatchingKey)) throw err;
      // A key id we have not seen: the provider may have rotated. Refetch (waiting for the interval).
      await this.refresh(true);
      return await (this.local as LocalSet)(header, token);
    }
  };

  /**
   * One fetch shared by concurrent callers. `wait`: when the last attempt was less than
   * `minIntervalMs` ago, wait until then and fetch; otherwise such a call returns at once.
   */
  private refresh(wait: boolean): Promise<void> {
    if (this.inflight !== undefined) return this.inflight;
    const due = this.lastAttempt + this.minIntervalMs - this.now();
    if (due > 0 && !wait) return Promise.resolve();
    this.inflight = (async () => {
      if (due > 0) await new Promise((r) => setTimeout(r, due));
      this.lastAttempt = this.now();
      try {
        await this.fetchKeys();
      } catch (err) {
        this.lastError = err instanceof Error ? err.message : String(err);
        if (this.local === undefined) {
          this.opts.logger?.error(
            { err: this.lastError },
            'cannot fetch the identity provider’s signing keys: OAuth access tokens are refused (503) and /healthz reports not ready until it works; retrying',
          );
        } else {
          this.opts.logger?.warn(
            { err: this.lastError, keys: this.kids },
            'refreshing the identity provider’s signing keys failed; keeping the cached ones',
          );
        }
      }
    })().finally(() => {
      this.inflight = undefined;
    });
    return this.inflight;
  }

  private async fetchKeys(): Promise<void> {
    this.uri ??= await this.opts.jwksUri();
    const uri = this.uri;
    let res: Response;
    try {
      res = await fetch(uri, {
        headers: { accept: 'application/json' },
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (err) {
      throw new Error(`GET ${uri} failed: ${err instanceof Error ? (err.cause ?? err).toString() : err}`);
    }
    if (!res.ok) throw new Error(`GET ${uri} answered HTTP ${res.status}`);
    const body = (await res.json().catch(() => undefined)) as JSONWebKeySet | undefined;
    if (body === undefined || !Array.isArray(body.keys)) {
      throw new Error(`GET ${uri} did not return a JWKS ({"keys": [...]})`);
    }
    const before = this.kids;
    this.local = createLocalJWKSet(body);
    this.kids = body.keys.map((k) => k.kid).filter((k): k is string => typeof k === 'string');
    this.fetchedAt = this.now();
    this.lastError = undefined;
    const added = this.kids.filter((k) => !before.includes(k));
    if (added.length > 0 || before.length === 0) {
      this.opts.logger?.info({ jwks: uri, keys: this.kids, added }, 'identity provider signing keys loaded');
    }
  }
}
