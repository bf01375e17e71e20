import { ProtocolError, ProtocolErrorCode } from '@modelcontextprotocol/server';
import { errorMapping, isPorticoError, PorticoError, UpstreamUrlElicitation } from '../errors/index.js';

/**
 * Map a domain error to the JSON-RPC error the SDK sends; a federated server's own JSON-RPC error
 * (resources/read, prompts/get, …) keeps its code and message. A server's `-32042` (URL
 * elicitation required) goes to a 2025-11-25 caller as the server sent it; a 2026-07-28 caller
 * (`era` modern: that revision has no `-32042`, and the SDK would replace it with an error blaming
 * the handler) gets `-32603` whose message names the URLs to open.
 */
export function toProtocolError(err: unknown, era: 'legacy' | 'modern' = 'legacy'): unknown {
  if (err instanceof UpstreamUrlElicitation) {
    if (era === 'legacy') {
      return new ProtocolError(errorMapping(err.code).jsonrpc, err.upstream.message, err.upstream.data);
    }
    const { message, details, elicitations } = err;
    return toProtocolError(
      new PorticoError('upstream_status', message, { ...details, reason: err.code, elicitations }),
    );
  }
  // The same, handed over from the replica holding a 2026-07-28 caller's suspended request.
  if (
    era === 'modern' &&
    err instanceof ProtocolError &&
    err.code === ProtocolErrorCode.UrlElicitationRequired
  ) {
    return new ProtocolError(errorMapping('upstream_status').jsonrpc, err.message, err.data);
  }
  if (isPorticoError(err)) return new ProtocolError(errorMapping(err.code).jsonrpc, err.message, err.details);
  if (
    err instanceof Error &&
    'code' in err &&
    typeof err.code === 'number' &&
    !(err instanceof ProtocolError)
  ) {
    return new ProtocolError(err.code, err.message, (err as { data?: unknown }).data);
  }
  return err;
}
