import {
  CLIENT_CAPABILITIES_META_KEY,
  type Client,
  isInputRequiredResult,
  LOG_LEVEL_META_KEY,
  ProtocolError,
  ProtocolErrorCode,
} from '@modelcontextprotocol/client';
import { PorticoError, UpstreamInputRequired } from '../errors/index.js';
import { MODERN_REVISION } from './era.js';
import type { FederatedInput, FederatedLogMessage } from './types.js';

/**
 * The params a 2026-07-28 caller's request adds on `server`'s connection (its capabilities in the
 * `_meta` envelope, which the SDK client lets a request's own `_meta` override, its
 * `inputResponses`, the server's `requestState`), or undefined when there is nothing to pass
 * through: no caller input, or a 2025-11-25 connection (the server's requests are relayed then).
 */
export function passThroughParams(
  client: Client,
  server: string,
  input: FederatedInput | undefined,
): Record<string, unknown> | undefined {
  if (input === undefined) return undefined;
  const again = 'Send the request again without requestState and inputResponses to start over.';
  if (input.server !== undefined && input.server !== server) {
    throw new PorticoError(
      'request_state_expired',
      `This requestState belongs to MCP server "${input.server}", not "${server}". ${again}`,
      { reason: 'other_request' },
    );
  }
  if (client.getNegotiatedProtocolVersion() !== MODERN_REVISION) {
    if (input.server === undefined) return undefined;
    throw new PorticoError(
      'request_state_expired',
      `MCP server "${server}" no longer speaks 2026-07-28 (it reconnected with 2025-11-25), so its requestState cannot be resumed. ${again}`,
      { reason: 'expired' },
    );
  }
  return {
    ...(input.inputResponses !== undefined ? { inputResponses: input.inputResponses } : {}),
    ...(input.requestState !== undefined ? { requestState: input.requestState } : {}),
    _meta: { [CLIENT_CAPABILITIES_META_KEY]: input.capabilities },
  };
}

/** Throw the server's input-required result (requested with `allowInputRequired`) for the caller. */
export function throwIfInputRequired(server: string, result: unknown): void {
  if (!isInputRequiredResult(result)) return;
  throw new UpstreamInputRequired(server, {
    kind: 'input_required',
    result: {
      inputRequests: (result.inputRequests ?? {}) as Record<string, unknown>,
      ...(result.requestState !== undefined ? { requestState: result.requestState } : {}),
    },
  });
}

/** The server's `-32021` (a capability the caller did not declare), for the caller as it is. */
export function missingCapability(server: string, err: unknown): UpstreamInputRequired | undefined {
  if (!(err instanceof ProtocolError) || err.code !== ProtocolErrorCode.MissingRequiredClientCapability) {
    return undefined;
  }
  return new UpstreamInputRequired(server, {
    kind: 'missing_capability',
    message: err.message,
    data: err.data,
  });
}

/**
 * The request `_meta` carrying a 2025-11-25 caller's log level to a 2026-07-28 server (log levels
 * are per request on that revision: without it the server sends no log messages during the call);
 * undefined on a 2025-era connection, where `logging/setLevel` already set it.
 */
export function logLevelMeta(
  client: Client,
  level: FederatedLogMessage['level'] | undefined,
): Record<string, unknown> | undefined {
  if (level === undefined || client.getNegotiatedProtocolVersion() !== MODERN_REVISION) return undefined;
  return { [LOG_LEVEL_META_KEY]: level };
}
