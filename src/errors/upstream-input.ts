/** What a 2026-07-28 federated server asked for instead of answering (its input-required result). */
export interface UpstreamInputRequest {
  /** The server's own input requests, under its own keys. */
  inputRequests: Record<string, unknown>;
  /** The server's own opaque state, echoed on the retry. */
  requestState?: string;
}

/**
 * Not a failure: a 2026-07-28 federated server answered a passed-through request (see
 * docs/federation.md, "Server → client requests") with an input-required result, or refused it
 * with `-32021` for a capability the caller lacks. It travels from the server's connection past
 * the gateway's error mapping to the MCP layer, which hands it to its 2026-07-28 caller.
 */
export class UpstreamInputRequired extends Error {
  constructor(
    /** The federated server (its `mcp_servers` name). */
    readonly server: string,
    readonly answer:
      | { kind: 'input_required'; result: UpstreamInputRequest }
      | { kind: 'missing_capability'; message: string; data: unknown },
  ) {
    super(
      answer.kind === 'input_required'
        ? `MCP server "${server}" asked for client input`
        : `MCP server "${server}" needs a client capability: ${answer.message}`,
    );
    this.name = 'UpstreamInputRequired';
  }
}
