import {
  CLIENT_CAPABILITIES_META_KEY,
  type ClientCapabilities,
  MissingRequiredClientCapabilityError,
  type ServerContext,
} from '@modelcontextprotocol/server';
import { PorticoError } from '../errors/index.js';
import type { RelayedRequest } from '../gateway/index.js';
import { relayAllowed, relayCapabilitiesOf } from './client-capabilities.js';

/**
 * What a 2026-07-28 caller lacks for the server's requests: the `ClientCapabilities` object of a
 * `-32021` error (`{ sampling: {} }`) and a phrase per request; empty when it declared everything.
 */
export function missingCapabilities(
  requests: Iterable<RelayedRequest>,
  capabilities: unknown,
): { required: ClientCapabilities; needs: string[] } {
  const declared = relayCapabilitiesOf(capabilities);
  const required: ClientCapabilities = {};
  const needs: string[] = [];
  for (const request of requests) {
    const allowed = relayAllowed(declared, request.method, request.params);
    if (!allowed.ok) {
      needs.push(`${request.method} needs ${allowed.needs}`);
      mergeInto(required as Record<string, Record<string, unknown>>, allowed.required);
    }
  }
  return { required, needs };
}

/**
 * The error the server gets instead of the caller being asked, for a request that only asks what
 * the client has: `roots/list` of a caller that did not declare `roots`. Servers send it on their
 * own (server-everything right after it starts, during whatever call runs then), so it answers the
 * server `-32601` as for a 2025-11-25 caller, and the caller's request goes on — where a sampling or
 * elicitation request the call needs fails it with `-32021` (see {@link missingCapabilities}).
 */
export function refusedToServer(request: RelayedRequest, capabilities: unknown): PorticoError | undefined {
  if (request.method !== 'roots/list') return undefined;
  if (missingCapabilities([request], capabilities).needs.length === 0) return undefined;
  return new PorticoError(
    'relay_unsupported',
    'Portico cannot relay roots/list: the calling client did not declare the roots capability.',
    { method: request.method },
  );
}

/**
 * The `-32021` for a 2026-07-28 caller that did not declare what the server's requests need
 * (`then`: what Portico did about the upstream request, appended to the message), or undefined.
 */
export function missingCapabilityError(
  requests: Iterable<RelayedRequest>,
  capabilities: unknown,
  then = '',
): MissingRequiredClientCapabilityError | undefined {
  const { required, needs } = missingCapabilities(requests, capabilities);
  if (needs.length === 0) return undefined;
  return new MissingRequiredClientCapabilityError(
    { requiredCapabilities: required },
    `The MCP server asked for input this client did not declare it can give (${needs.join('; ')})${then}. Declare the capability in _meta["io.modelcontextprotocol/clientCapabilities"] to use it.`,
  );
}

/** The client capabilities a 2026-07-28 request declares (its `_meta` envelope). */
export function capabilitiesOf(hctx: ServerContext): unknown {
  return (hctx.mcpReq.envelope as Record<string, unknown> | undefined)?.[CLIENT_CAPABILITIES_META_KEY];
}

/** The request's params without the upstream hop's progress token (meaningless to the caller). */
export function withoutProgressToken(params: Record<string, unknown> | undefined): Record<string, unknown> {
  const { _meta, ...rest } = params ?? {};
  if (_meta === null || typeof _meta !== 'object') return rest;
  const { progressToken: _token, ...meta } = _meta as Record<string, unknown>;
  return Object.keys(meta).length > 0 ? { ...rest, _meta: meta } : rest;
}

function mergeInto(
  into: Record<string, Record<string, unknown>>,
  add: Record<string, Record<string, unknown>>,
): void {
  for (const [k, v] of Object.entries(add)) into[k] = { ...into[k], ...v };
}
