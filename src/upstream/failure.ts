import type { OperationSpec } from '../catalog/types.js';
import { PorticoError } from '../errors/index.js';
import type { SystemSpec } from '../spec/index.js';

/** Why one HTTP attempt failed before a response was read. */
export type FailureKind = 'timeout' | 'aborted' | 'network' | 'invalid';

/** Internal error of one attempt; the client decides on a retry, then maps it to a {@link PorticoError}. */
export class AttemptFailure extends Error {
  constructor(
    readonly kind: FailureKind,
    /** Node/undici error code, e.g. `ECONNREFUSED`, `UND_ERR_SOCKET`. */
    readonly causeCode: string,
    options?: ErrorOptions,
  ) {
    super(`upstream attempt failed: ${kind} (${causeCode})`, options);
    this.name = 'AttemptFailure';
  }

  /** Transient failures worth one retry of an idempotent operation. */
  get retryable(): boolean {
    return this.kind === 'timeout' || (this.kind === 'network' && TRANSIENT_CODES.has(this.causeCode));
  }
}

const TRANSIENT_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
]);

const TIMEOUT_CODES: ReadonlySet<string> = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);
const INVALID_CODES: ReadonlySet<string> = new Set([
  'UND_ERR_INVALID_ARG',
  'UND_ERR_NOT_SUPPORTED',
  'ERR_INVALID_URL',
]);

function errorCode(err: unknown): string {
  const e = err as { code?: unknown; cause?: { code?: unknown }; name?: unknown } | null;
  if (typeof e?.code === 'string') return e.code;
  if (typeof e?.cause?.code === 'string') return e.cause.code;
  return typeof e?.name === 'string' ? e.name : 'unknown error';
}

/** Classify what an attempt threw, given whether our timer fired or the caller aborted. */
export function classifyFailure(err: unknown, timedOut: boolean, callerAborted: boolean): AttemptFailure {
  if (callerAborted) return new AttemptFailure('aborted', 'ABORTED', { cause: err });
  const code = errorCode(err);
  if (timedOut || TIMEOUT_CODES.has(code)) return new AttemptFailure('timeout', 'TIMEOUT', { cause: err });
  return new AttemptFailure(INVALID_CODES.has(code) ? 'invalid' : 'network', code, { cause: err });
}

/** What the error messages need to name. */
export interface FailureContext {
  operation: OperationSpec;
  system: SystemSpec;
  origin: string;
  attempts: number;
}

function describeCause(code: string, system: SystemSpec): string {
  if (code === 'UND_ERR_CONNECT_TIMEOUT')
    return `no connection within ${system.connectTimeoutMs} ms (${code})`;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `DNS lookup failed (${code})`;
  if (code === 'ECONNREFUSED') return `connection refused (${code})`;
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET')
    return `the connection was closed by the server (${code})`;
  return code;
}

function unreachableAdvice(code: string, system: SystemSpec): string {
  const where = `for system "${system.name}"`;
  if (code === 'UND_ERR_CONNECT_TIMEOUT') {
    return `Check that the host is reachable; if the network is just slow, raise connect_timeout_ms ${where}.`;
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `Check the host name in base_url ${where}.`;
  return `Check that the service is up and that base_url ${where} is correct.`;
}

/** undici's own message (it names the header or part, never the value). */
function invalidReason(f: AttemptFailure): string {
  const message = f.cause instanceof Error ? f.cause.message : '';
  return message === '' ? f.causeCode : `${message} (${f.causeCode})`;
}

/** The user-facing {@link PorticoError} for a final attempt failure. */
export function failureToError(f: AttemptFailure, ctx: FailureContext): PorticoError {
  const { operation: op, system } = ctx;
  const what = `${op.method} ${op.path}`;
  const details = { system: system.name, operation: op.name, attempts: ctx.attempts, cause: f.causeCode };
  const tries = ctx.attempts > 1 ? ` (${ctx.attempts} attempts)` : '';
  switch (f.kind) {
    case 'aborted':
      return new PorticoError(
        'upstream_aborted',
        `The call to ${system.name} (${what}) was cancelled by the caller (client disconnected or request cancelled); the upstream request was aborted.`,
        details,
        { cause: f.cause },
      );
    case 'timeout':
      return new PorticoError(
        'upstream_timeout',
        `${system.name} did not respond within ${system.timeoutMs} ms (${what})${tries}. ` +
          `If it is just slow, raise timeout_ms for system "${system.name}" in the config.`,
        { ...details, timeoutMs: system.timeoutMs },
        { cause: f.cause },
      );
    case 'invalid':
      return new PorticoError(
        'upstream_invalid_request',
        `Portico could not send the request to ${system.name} (${what}): ${invalidReason(f)}. ` +
          `Check the system's configured headers and the operation's header arguments.`,
        details,
        { cause: f.cause },
      );
    default:
      return new PorticoError(
        'upstream_unreachable',
        `Cannot reach ${system.name} at ${ctx.origin} (${what})${tries}: ${describeCause(f.causeCode, system)}. ` +
          unreachableAdvice(f.causeCode, system),
        { ...details, origin: ctx.origin },
        { cause: f.cause },
      );
  }
}
