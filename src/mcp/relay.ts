import type { Server, ServerContext } from '@modelcontextprotocol/server';
import { PorticoError } from '../errors/index.js';
import type { RelayToClient } from '../gateway/index.js';
import { type RelayCapabilities, relayAllowed } from './client-capabilities.js';
import type { PendingRelays } from './pending-relays.js';

/**
 * Time limit the SDK puts on one relayed request. Effectively none: the relay ends with the call
 * (its time limit, `mcp_servers.<name>.timeout_ms`, or the client going away) through the signal.
 */
const RELAY_TIMEOUT_MS = 24 * 3600 * 1000;

/** What the relay of one tools/call knows about its caller. */
export interface RelayCaller {
  /** `modern` (2026-07-28, per-request envelope) or `legacy` (2025-era) request. */
  era: 'legacy' | 'modern';
  /** The caller's signed session id (2025-11-25 clients get one on initialize). */
  sessionId?: string;
  /** What the caller declared in initialize (from its session id). */
  capabilities?: RelayCapabilities;
  /** Identity the client's answer must come from (tenant and credential). */
  owner: string;
}

const unsupported = (message: string, method: string): PorticoError =>
  new PorticoError('relay_unsupported', message, { method });

/**
 * The relay of a federated server's sampling/elicitation/roots request to the client of one
 * tools/call (or prompts/get, resources/read). 2025-11-25 clients get it on the call's response
 * stream when they declared the capability. 2026-07-28 clients are served by the input bridge
 * (`input-bridge.ts`, input-required results); without one they are refused with
 * `relay_unsupported` (see docs/federation.md).
 */
export function clientRelay(
  caller: RelayCaller,
  server: Server,
  hctx: ServerContext,
  pending: PendingRelays,
): RelayToClient {
  return async (request, signal) => {
    const { method } = request;
    if (caller.era === 'modern') {
      throw unsupported(
        `Portico cannot relay ${method} to a 2026-07-28 client here: that revision asks for client input with an input-required result, which this endpoint does not serve. Connect with protocol revision 2025-11-25 to use this tool through it.`,
        method,
      );
    }
    const { sessionId, capabilities } = caller;
    if (sessionId === undefined || capabilities === undefined) {
      throw unsupported(
        `Portico cannot relay ${method}: the calling client sent no Mcp-Session-Id, so Portico does not know which capabilities it declared in initialize.`,
        method,
      );
    }
    const allowed = relayAllowed(capabilities, method, request.params);
    if (!allowed.ok) {
      throw unsupported(
        `Portico cannot relay ${method}: the calling client did not declare the ${allowed.needs} capability in initialize.`,
        method,
      );
    }
    const transport = server.transport;
    if (transport === undefined)
      throw unsupported(`Portico cannot relay ${method}: the call has ended.`, method);
    const both = AbortSignal.any([signal, hctx.mcpReq.signal]);
    return pending.run(sessionId, caller.owner, transport, both, () =>
      hctx.mcpReq.send(
        { method, ...(request.params !== undefined ? { params: request.params } : {}) },
        { signal: both, timeout: RELAY_TIMEOUT_MS },
      ),
    ) as Promise<Record<string, unknown>>;
  };
}

/** The identity a relayed request's answer must come from. */
export function relayOwner(principal: { tenantId: string; tokenId: string } | undefined): string {
  return principal === undefined ? '' : JSON.stringify([principal.tenantId, principal.tokenId]);
}
