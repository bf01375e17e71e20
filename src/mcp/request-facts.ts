import type { AuthInfo, McpRequestContext } from '@modelcontextprotocol/server';
import type { Principal } from '../auth/types.js';
import type { CallOutcome, ResolvedCall } from '../gateway/index.js';
import type { RelayCapabilities } from './client-capabilities.js';

/** What the edge tells the MCP handlers about one HTTP request. */
export interface RequestFacts {
  requestId: string;
  /** The view this request addresses (`default` for `/mcp`). */
  view: string;
  /** The authenticated caller. */
  principal: Principal;
  /** The tools/call the edge resolved and authorized: run as is, never resolved again. */
  call?: ResolvedCall;
  /** The caller's verified `Mcp-Session-Id` (2025-11-25 clients). */
  sessionId?: string;
  /** What the caller declared in initialize, kept in its session id. */
  clientCapabilities?: RelayCapabilities;
  /** Record what a tools/call did (for the audit row of the request that returns its result). */
  recordOutcome?: (outcome: CallOutcome) => void;
  /** Record that this tools/call was answered with an input-required result. */
  recordInputRequired?: () => void;
}

const FACTS = 'dev.portico/request';

/**
 * The SDK's per-request authentication channel (`handler.fetch(req, { authInfo })`, handed to the
 * server factory) carrying the request's facts; the credential itself never travels in it.
 */
export function requestAuthInfo(facts: RequestFacts): AuthInfo {
  return {
    token: '',
    clientId: facts.principal.tokenId,
    scopes: [...facts.principal.scopes],
    extra: { [FACTS]: facts },
  };
}

/** The facts the edge attached to this request, if any. */
export function factsOf(ctx: McpRequestContext): RequestFacts | undefined {
  return ctx.authInfo?.extra?.[FACTS] as RequestFacts | undefined;
}
