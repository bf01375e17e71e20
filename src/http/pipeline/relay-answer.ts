import { isJSONRPCErrorResponse, isJSONRPCResultResponse } from '@modelcontextprotocol/server';
import type { Context } from 'hono';
import { type PendingRelays, relayOwner } from '../../mcp/index.js';
import type { SessionIds } from '../session-id.js';
import type { EdgeEnv } from './env.js';

/** Where a 2025-11-25 client's answers to relayed server requests go. */
export interface RelayAnswers {
  relays: PendingRelays;
  sessions: SessionIds;
}

/**
 * A JSON-RPC response from the client answering a request Portico relayed from a federated server
 * (sampling, elicitation, roots) is handed to the call waiting for it → 202; anything else → undefined.
 * Only the session and caller (tenant and token) the request was sent to can answer it.
 */
export function deliverRelayAnswer(
  c: Context<EdgeEnv>,
  message: unknown,
  answers: RelayAnswers,
): Response | undefined {
  if (!isJSONRPCResultResponse(message) && !isJSONRPCErrorResponse(message)) return undefined;
  const sessionId = c.req.header('mcp-session-id');
  if (sessionId === undefined || answers.sessions.read(sessionId) === undefined) return undefined;
  return answers.relays.deliver(sessionId, relayOwner(c.get('principal')), message)
    ? c.body(null, 202)
    : undefined;
}
