import {
  InsufficientScopeError,
  ProtocolError,
  SdkError,
  SdkErrorCode,
  SdkHttpError,
} from '@modelcontextprotocol/client';
import { BridgeError, isBridgeError } from './errors.js';
import { scopeRefusal, type WhoAsked } from './scope-refusal.js';

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'ETIMEDOUT',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

function errorCode(err: unknown): string | undefined {
  for (let e: unknown = err, depth = 0; e !== undefined && e !== null && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && NETWORK_CODES.has(code)) return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/** A failed `fetch` (no HTTP answer) as a typed network/timeout error naming `what` it tried to reach. */
export function classifyFetchError(err: unknown, what: string): BridgeError {
  if (isBridgeError(err)) return err;
  const code = errorCode(err);
  const name = (err as { name?: unknown })?.name;
  if (name === 'TimeoutError' || code === 'UND_ERR_CONNECT_TIMEOUT' || code === 'UND_ERR_HEADERS_TIMEOUT') {
    return new BridgeError('timeout', `Timed out waiting for ${what}. Check your connection and try again.`, {
      cause: err,
    });
  }
  const detail = code ?? (err instanceof Error ? err.message : String(err));
  return new BridgeError(
    'network',
    `Cannot reach ${what} (${detail}). Check your network connection and that the URL is right; if it is, the server may be down — try again shortly.`,
    { cause: err },
  );
}

/** The human message inside a gateway/authorization-server error body (JSON-RPC, OAuth or plain text). */
export function serverMessage(text: string | null | undefined): string | undefined {
  if (text === null || text === undefined) return undefined;
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  try {
    const body = JSON.parse(trimmed) as Record<string, unknown>;
    const err = body.error;
    if (err !== null && typeof err === 'object') {
      const m = (err as { message?: unknown }).message;
      if (typeof m === 'string' && m !== '') return m;
    }
    if (typeof body.error_description === 'string') return body.error_description;
    if (typeof body.message === 'string') return body.message;
    if (typeof err === 'string') return err;
  } catch {
    // not JSON
  }
  return trimmed.length > 300 ? `${trimmed.slice(0, 300)}…` : trimmed;
}

/**
 * Any failure of a request to the gateway as a {@link BridgeError} (JSON-RPC errors the gateway
 * answered are returned unchanged: they are the gateway's answer, not a transport failure).
 */
export function classifyGatewayError(
  err: unknown,
  endpoint: string,
  timeoutMs: number,
  who?: WhoAsked,
): BridgeError | ProtocolError {
  // The SDK wraps what our fetch threw (e.g. a refused refresh during the version negotiation
  // probe): the innermost typed error is the one that says what to do.
  const own = findCause(err, isBridgeError);
  if (own !== undefined) return own;
  const scope = findCause(err, isInsufficientScope);
  if (scope !== undefined) {
    return scopeRefusal(endpoint, scope.requiredScope, scope.errorDescription, who);
  }
  if (err instanceof ProtocolError) return err;
  if (err instanceof SdkHttpError) {
    const status = err.data?.status;
    const text = err.data?.text;
    const said = serverMessage(typeof text === 'string' ? text : undefined);
    const tail = said !== undefined ? ` The gateway said: ${said}` : '';
    if (status === 401) {
      return new BridgeError(
        'auth',
        `The gateway at ${endpoint} rejected your sign-in (401).${tail} Run: npx portico login ${endpoint}`,
        { status },
      );
    }
    if (status === 403) {
      return new BridgeError(
        'forbidden',
        `The gateway at ${endpoint} refused this request (403).${tail} Ask your administrator for the scope or view you need, then sign in again.`,
        { status },
      );
    }
    if (status === 429) {
      return new BridgeError(
        'http',
        `The gateway at ${endpoint} is rate limiting you (429).${tail} Wait a moment and try again.`,
        {
          status,
        },
      );
    }
    if (status !== undefined && status >= 500) {
      return new BridgeError(
        'http',
        `The gateway at ${endpoint} failed (HTTP ${status}).${tail} It may be restarting or overloaded; try again shortly.`,
        { status },
      );
    }
    return new BridgeError('http', `The gateway at ${endpoint} answered HTTP ${status ?? '?'}.${tail}`, {
      ...(status !== undefined ? { status } : {}),
    });
  }
  if (err instanceof SdkError && err.code === SdkErrorCode.RequestTimeout) {
    return new BridgeError(
      'timeout',
      `The gateway at ${endpoint} did not answer within ${Math.round(timeoutMs / 1000)} s. The operation may still be running; check before retrying a change. Set PORTICO_TIMEOUT_MS to wait longer.`,
      { cause: err },
    );
  }
  if (
    err instanceof SdkError &&
    (err.code === SdkErrorCode.ConnectionClosed || err.code === SdkErrorCode.SendFailed)
  ) {
    return new BridgeError(
      'network',
      `The connection to the gateway at ${endpoint} was lost (${err.message}). Try again.`,
      {
        cause: err,
      },
    );
  }
  if (err instanceof SdkError) {
    return new BridgeError('http', `Unexpected answer from the gateway at ${endpoint}: ${err.message}`, {
      cause: err,
    });
  }
  return classifyFetchError(err, `the gateway at ${endpoint}`);
}

/** The first error in `err`'s cause chain (itself included) that matches `pred`. */
function findCause<T>(err: unknown, pred: (e: unknown) => e is T): T | undefined {
  for (let e: unknown = err, depth = 0; e !== undefined && e !== null && depth < 6; depth++) {
    if (pred(e)) return e;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/** The SDK's 403 `insufficient_scope` error (thrown when no OAuth provider can step up). */
function isInsufficientScope(e: unknown): e is InsufficientScopeError {
  return (
    e instanceof InsufficientScopeError ||
    (e instanceof Error &&
      (e.constructor as { mcpBrand?: unknown }).mcpBrand === 'mcp.InsufficientScopeError')
  );
}
