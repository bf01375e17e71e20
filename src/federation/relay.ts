import { ProtocolError } from '@modelcontextprotocol/client';
import { errorMapping, isPorticoError } from '../errors/index.js';
import type { FederatedServerRequest, FederatedServerRequestRelay } from './types.js';

/** The server→client requests Portico's upstream client accepts and relays. */
export const RELAYED_METHODS = ['sampling/createMessage', 'elicitation/create', 'roots/list'] as const;

/** One tools/call (or prompts/get, resources/read) running on a server connection. */
export interface RunningCall {
  onServerRequest?: FederatedServerRequestRelay;
  /** Aborted when the call is over: a relay still waiting for the client then stops. */
  ended: AbortSignal;
}

const unsupported = (message: string): ProtocolError =>
  new ProtocolError(errorMapping('relay_unsupported').jsonrpc, message, { code: 'relay_unsupported' });

/**
 * Relay a server's request to the caller of the one call running on its connection. A
 * sampling/elicitation/roots request names no call (over stdio nothing ties it to one), so it is
 * relayed only when exactly one call is running: with none, or several (which, on a `shared`
 * server, may be different tenants'), the server gets a `relay_unsupported` JSON-RPC error rather
 * than a guess. Errors with a JSON-RPC code (the caller's own answer) reach the server as they are,
 * Portico's own errors with their mapped code.
 */
export async function relayServerRequest(
  server: string,
  calls: readonly RunningCall[],
  request: FederatedServerRequest,
  signal: AbortSignal,
  opts: { callTimeoutMs?: number; oneTenant?: boolean } = {},
): Promise<Record<string, unknown>> {
  const what = `${request.method} from MCP server "${server}"`;
  // On a tenant's own instance every call is that tenant's: calls parked for their caller's input
  // (whose caller may never retry) do not hide the one call whose caller is waiting now.
  const live = calls.filter((c) => c.onServerRequest?.parked?.() !== true);
  const running = opts.oneTenant === true && calls.length > 1 && live.length === 1 ? live : calls;
  if (running.length === 0) {
    throw unsupported(
      `Portico relays ${request.method} to the client only while one of its tools/call requests runs; none is running now, so there is no client to ask.`,
    );
  }
  if (running.length > 1) {
    throw unsupported(
      `Portico cannot relay ${request.method}: ${running.length} tools/call requests are running on this connection and the request does not say which one it belongs to, so Portico will not guess which client to ask.`,
    );
  }
  const call = running[0]!;
  const relay = call.onServerRequest;
  if (relay === undefined) {
    throw unsupported(`The caller of this tools/call cannot receive ${what} (it was not made over MCP).`);
  }
  try {
    return await relay(request, AbortSignal.any([signal, call.ended]), opts.callTimeoutMs);
  } catch (err) {
    if (err instanceof ProtocolError) throw err;
    if (isPorticoError(err)) {
      throw new ProtocolError(errorMapping(err.code).jsonrpc, err.message, {
        code: err.code,
        ...err.details,
      });
    }
    if (err instanceof Error && 'code' in err && typeof err.code === 'number') {
      throw new ProtocolError(err.code, err.message, (err as { data?: unknown }).data);
    }
    throw err;
  }
}
