import { PorticoError } from '../errors/index.js';

/** What went wrong between the bridge and the gateway (or its authorization server). */
export type BridgeErrorKind =
  | 'timeout'
  | 'network'
  | 'http'
  | 'auth'
  | 'forbidden'
  | 'refresh_rejected'
  | 'not_logged_in';

const CODES = {
  timeout: 'upstream_timeout',
  network: 'upstream_unreachable',
  http: 'upstream_status',
  auth: 'unauthenticated',
  forbidden: 'insufficient_scope',
  refresh_rejected: 'unauthenticated',
  not_logged_in: 'unauthenticated',
} as const;

/**
 * A typed bridge failure with an actionable message (never a token). `transient` failures (network,
 * timeout, 502/503/504) may be retried once for read-only calls.
 */
export class BridgeError extends PorticoError {
  readonly kind: BridgeErrorKind;
  /** HTTP status for `http`/`auth` failures. */
  readonly status: number | undefined;

  constructor(kind: BridgeErrorKind, message: string, opts: { status?: number; cause?: unknown } = {}) {
    super(
      CODES[kind],
      message,
      opts.status !== undefined ? { status: opts.status } : undefined,
      opts.cause !== undefined ? { cause: opts.cause } : undefined,
    );
    this.name = 'BridgeError';
    this.kind = kind;
    this.status = opts.status;
  }

  /** Network errors, timeouts and 502/503/504: worth one retry for a read-only call. */
  get transient(): boolean {
    return (
      this.kind === 'network' ||
      this.kind === 'timeout' ||
      (this.kind === 'http' && (this.status === 502 || this.status === 503 || this.status === 504))
    );
  }
}

/**
 * The message every call fails with once the authorization server refuses the refresh token;
 * `reason` is what the server said (e.g. "This account is disabled; …").
 */
export function reloginMessage(gatewayUrl: string, reason?: string): string {
  const text = (reason ?? '').trim();
  const said =
    text !== ''
      ? ` The authorization server said: ${text.length > 300 ? `${text.slice(0, 300)}…` : text}`
      : '';
  return (
    `Portico: your sign-in for ${gatewayUrl} was refused: it has expired, was revoked, or your account was disabled.${said} ` +
    `Sign in again with: npx portico login ${gatewayUrl} (if your account is disabled, ask your Portico administrator to enable it first).`
  );
}

/** `instanceof BridgeError`, also across duplicated module instances. */
export function isBridgeError(err: unknown): err is BridgeError {
  return err instanceof BridgeError || (err instanceof Error && err.name === 'BridgeError' && 'kind' in err);
}
