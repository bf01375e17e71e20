import { ProtocolError, SdkError, SdkErrorCode, SdkHttpError } from '@modelcontextprotocol/client';
import { PorticoError } from '../errors/index.js';
import { refusedAnswerOf } from './message-guard.js';
import { describeError } from './redact.js';
import type { FederatedServerStatus } from './types.js';
import { isUrlElicitationRequired, urlElicitationError } from './url-elicitation.js';

/**
 * What went wrong with one forwarded call. `drop`: the connection is unusable — mark the server
 * failed (for `reason`) and reconnect; without an `error`, the call fails as `upstream_unreachable`.
 */
export type CallFailure =
  | { drop: false; error: PorticoError }
  | { drop: true; reason: string; error?: PorticoError };

/** SDK errors about one request or result, not about the connection. */
const REQUEST_LEVEL = new Set<string>([
  SdkErrorCode.InvalidResult,
  SdkErrorCode.UnsupportedResultType,
  SdkErrorCode.InputRequiredRoundsExceeded,
  SdkErrorCode.MethodNotSupportedByProtocolVersion,
  SdkErrorCode.CapabilityNotSupported,
  SdkErrorCode.ClientHttpUnexpectedContent,
]);

export interface CallErrorContext {
  server: string;
  tool: string;
  timeoutMs: number;
  /** The request method (default `tools/call`; `tool` then names what it addressed). */
  method?: string;
  signal?: AbortSignal;
  redact(text: string): string;
}

/** Map an error thrown by `Client.callTool` to a Portico error. */
export function classifyCallError(err: unknown, ctx: CallErrorContext): CallFailure {
  const what = `${ctx.method ?? 'tools/call'} "${ctx.tool}" on MCP server "${ctx.server}"`;
  const detail = ctx.redact(describeError(err));
  const details = { server: ctx.server, tool: ctx.tool };
  if (ctx.signal?.aborted === true) {
    const error = new PorticoError(
      'upstream_aborted',
      `The caller cancelled ${what}; the server was sent notifications/cancelled.`,
      details,
    );
    return { error, drop: false };
  }
  const refused = refusedAnswerOf(err);
  if (refused !== undefined) {
    const answer = `The answer of MCP server "${ctx.server}" to ${ctx.method ?? 'tools/call'} "${ctx.tool}"`;
    const message =
      refused.limit === 'depth'
        ? `${answer} is nested deeper than ${refused.maxJsonDepth} levels (server.max_json_depth), so Portico did not read it; ask the server's owner to flatten it, or the Portico operator to raise the limit.`
        : `${answer} is larger than ${refused.maxMessageBytes} bytes (the bound on one message of a federated server), so Portico did not read it; ask the server's owner to return less at once.`;
    return { error: new PorticoError('upstream_status', message, { ...details, ...refused }), drop: false };
  }
  if (isUrlElicitationRequired(err)) return { error: urlElicitationError(err, ctx), drop: false };
  if (err instanceof ProtocolError) {
    const error = new PorticoError(
      'upstream_status',
      `MCP server "${ctx.server}" answered ${ctx.method ?? 'tools/call'} "${ctx.tool}" with JSON-RPC error ${err.code}: ${ctx.redact(err.message)}`,
      { ...details, remoteCode: err.code },
    );
    return { error, drop: false };
  }
  if (err instanceof SdkError && err.code === SdkErrorCode.RequestTimeout) {
    const error = new PorticoError(
      'upstream_timeout',
      `${what} did not answer within ${ctx.timeoutMs} ms; the call was cancelled on the server. Raise mcp_servers.${ctx.server}.timeout_ms if the tool is expected to take longer.`,
      { ...details, timeoutMs: ctx.timeoutMs },
    );
    return { error, drop: false };
  }
  if (err instanceof SdkHttpError && (err.status === 401 || err.status === 403)) {
    const error = new PorticoError(
      'upstream_auth',
      `MCP server "${ctx.server}" refused ${what} with HTTP ${err.status}: check mcp_servers.${ctx.server}.bearer and headers.`,
      { ...details, status: err.status },
    );
    return err.status === 401
      ? { error, drop: true, reason: `authentication failed (HTTP 401): ${detail}` }
      : { error, drop: false };
  }
  const requestLevel =
    (err instanceof SdkError && REQUEST_LEVEL.has(err.code)) ||
    (err instanceof SdkHttpError && err.status >= 400 && err.status < 500 && err.status !== 404);
  if (requestLevel) {
    const error = new PorticoError('upstream_status', `${what} failed: ${detail}`, details);
    return { error, drop: false };
  }
  // Connection-level: closed pipe, dead process, refused socket, expired session, 5xx.
  return { drop: true, reason: detail };
}

/** The `upstream_unreachable` error for a call to a server that is not connected. */
export function unavailableError(s: FederatedServerStatus): PorticoError {
  const details = {
    server: s.name,
    state: s.state,
    ...(s.retryAt !== undefined ? { retryAt: s.retryAt } : {}),
  };
  if (s.state === 'closed') {
    return new PorticoError(
      'upstream_unreachable',
      `MCP server "${s.name}" is closed: Portico is shutting down.`,
      details,
    );
  }
  if (s.state === 'failed') {
    return new PorticoError(
      'upstream_unreachable',
      `MCP server "${s.name}" is unavailable: ${s.error ?? 'not connected'}; Portico retries it in the background (next attempt at ${s.retryAt ?? 'soon'}).`,
      details,
    );
  }
  const last = s.error === undefined ? '' : ` (last error: ${s.error})`;
  return new PorticoError(
    'upstream_unreachable',
    `MCP server "${s.name}" is unavailable: Portico is connecting to it${last}; try again in a moment.`,
    details,
  );
}
