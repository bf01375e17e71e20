import { PorticoError } from '../errors/index.js';
import { DEFAULT_MAX_JSON_DEPTH } from '../json/index.js';
import { sleep } from './abort.js';
import { type AttemptResponse, attempt } from './attempt.js';
import { UpstreamAuthenticator } from './auth.js';
import { AttemptFailure, classifyFailure, type FailureContext, failureToError } from './failure.js';
import { OAuth2TokenCache } from './oauth2.js';
import { PoolRegistry } from './pool.js';
import { buildRequest } from './request.js';
import type { UpstreamClient, UpstreamClientOptions, UpstreamRequest, UpstreamResponse } from './types.js';

const RETRY_STATUSES: ReadonlySet<number> = new Set([502, 503, 504]);
/** A retry is only made with at least this much of the call's time budget left (backoff included). */
const MIN_RETRY_BUDGET_MS = 250;

/** Jittered backoff before the single retry: 50–150 ms. */
function backoffMs(): number {
  return 50 + Math.floor(Math.random() * 100);
}

/**
 * Create the upstream HTTP client: one keep-alive pool per upstream origin, upstream auth
 * (incl. cached OAuth2 client-credentials tokens), one retry of idempotent operations on transient
 * failures within the call's total time budget (`timeout_ms`), the caller's abort signal honored,
 * response bodies capped.
 */
export function createUpstreamClient(opts: UpstreamClientOptions = {}): UpstreamClient {
  const logger = opts.logger;
  const maxDepth = opts.maxJsonDepth ?? DEFAULT_MAX_JSON_DEPTH;
  const pools = new PoolRegistry();
  const auth = new UpstreamAuthenticator(new OAuth2TokenCache(pools, opts.now));
  let closed = false;

  async function call(req: UpstreamRequest): Promise<UpstreamResponse> {
    const start = performance.now();
    /** `timeout_ms` is the budget of the whole call: every attempt, backoff and retry included. */
    const deadline = start + req.system.timeoutMs;
    const { operation, system, signal } = req;
    if (closed) {
      throw new PorticoError(
        'internal',
        `Portico is shutting down; the call to ${system.name} was not made.`,
      );
    }
    const built = buildRequest(operation, system, req.args, req);
    const pool = pools.get(built.origin, system);
    const ctx: FailureContext = { operation, system, origin: built.origin, attempts: 0 };
    const retryable = system.retry && operation.annotations.idempotent;
    const oauth2 = system.auth.type === 'oauth2_client_credentials';
    if (!oauth2) auth.applyStatic(system, built.headers);
    // Per-caller headers (a tenant's own credential) win over the system's static auth.
    if (req.extraHeaders !== undefined) {
      for (const [name, value] of Object.entries(req.extraHeaders)) built.headers[name.toLowerCase()] = value;
    }
    let retried = false;
    let reauthenticated = false;
    for (;;) {
      ctx.attempts++;
      let token: string | undefined;
      let res: AttemptResponse;
      try {
        if (oauth2) token = await auth.applyToken(system, built.headers, signal);
        res = await attempt(pool, built, system, signal, maxDepth, deadline - performance.now());
      } catch (err) {
        const failure = err instanceof AttemptFailure ? err : undefined;
        if (failure === undefined) {
          if (signal?.aborted) throw failureToError(classifyFailure(err, false, true), ctx);
          throw err;
        }
        if (
          failure.kind !== 'aborted' &&
          retryable &&
          !retried &&
          failure.retryable &&
          deadline - performance.now() > MIN_RETRY_BUDGET_MS
        ) {
          retried = true;
          logger?.debug(
            { system: system.name, operation: operation.name, cause: failure.causeCode },
            'retrying upstream call',
          );
          await backoff(ctx, signal);
          continue;
        }
        throw failureToError(failure, ctx);
      }
      if (res.status === 401 && token !== undefined && !reauthenticated) {
        reauthenticated = true;
        auth.invalidate(system, token);
        logger?.debug(
          { system: system.name, operation: operation.name },
          'upstream rejected the OAuth2 token; refetching',
        );
        continue;
      }
      if (
        RETRY_STATUSES.has(res.status) &&
        retryable &&
        !retried &&
        deadline - performance.now() > MIN_RETRY_BUDGET_MS
      ) {
        retried = true;
        logger?.debug(
          { system: system.name, operation: operation.name, status: res.status },
          'retrying upstream call',
        );
        await backoff(ctx, signal);
        continue;
      }
      const out = res as UpstreamResponse;
      out.durationMs = performance.now() - start;
      out.attempts = ctx.attempts;
      return out;
    }
  }

  async function backoff(ctx: FailureContext, signal: AbortSignal | undefined): Promise<void> {
    try {
      await sleep(backoffMs(), signal);
    } catch (err) {
      throw failureToError(classifyFailure(err, false, true), ctx);
    }
  }

  return {
    call,
    async close() {
      closed = true;
      await pools.close();
    },
  };
}
