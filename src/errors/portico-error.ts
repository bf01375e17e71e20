import type { ErrorCode } from './codes.js';

/** Base class of every domain error: a stable code, a human message and optional details. */
export class PorticoError extends Error {
  readonly code: ErrorCode;
  readonly details?: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>, options?: ErrorOptions) {
    super(message, options);
    this.name = 'PorticoError';
    this.code = code;
    if (details !== undefined) this.details = details;
  }
}

/** True when `err` is a {@link PorticoError} (optionally of one code). */
export function isPorticoError(err: unknown, code?: ErrorCode): err is PorticoError {
  return err instanceof PorticoError && (code === undefined || err.code === code);
}
