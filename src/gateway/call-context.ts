import type { CallToolResult, CreateTaskResult } from '@modelcontextprotocol/server';
import type { Principal } from '../auth/types.js';
import type { PorticoError } from '../errors/index.js';

/** How one catalogue tool's run went, as audit, metrics and the request log report it. */
export interface RunOutcome {
  /**
   * `input_required`: a 2026-07-28 caller was answered with an input-required result while the
   * call waits for its input (the request that returns the call's result records how it ended),
   * or a 2025-11-25 caller with a federated server's `-32042` (it retries once the user opened
   * the server's URLs).
   */
  outcome?: 'ok' | 'tool_error' | 'upstream_error' | 'invalid_arguments' | 'input_required';
  /** Upstream system (or federated server) that served the call. */
  system?: string;
  upstreamStatus?: number;
  /** Upstream wall time (all attempts) in ms. */
  upstreamMs?: number;
  /** Failure kind when the upstream call did not produce a status (`upstream_timeout`, …). */
  upstreamError?: string;
}

/** What one tools/call did: {@link RunOutcome} plus the tool as audited (`call_tool:<target>` for `call_tool`). */
export interface CallOutcome extends RunOutcome {
  tool: string;
}

/** One catalogue tool's result and how its run went. */
export interface ToolRun {
  result: CallToolResult;
  outcome: RunOutcome;
  /**
   * The JSON-RPC error to answer instead of `result`: a federated server's `-32042` for a caller
   * that takes it ({@link CallContext.urlElicitation}). `result` then names the URLs all the same.
   */
  error?: PorticoError;
}

/** One tools/call's result and what it did. */
export interface CallExecution {
  result: CallToolResult;
  outcome: CallOutcome;
  /** See {@link ToolRun.error}. */
  error?: PorticoError;
}

/**
 * A task-augmented tools/call (2025-11-25 `params.task`) run by a federated server: its
 * `CreateTaskResult` (the server's own task id), the server, and what the call did.
 */
export interface TaskCreation {
  created: CreateTaskResult;
  /** The federated server running the task. */
  server: string;
  outcome: CallOutcome;
}

/** A progress update for the caller (sent as `notifications/progress` when it asked for them). */
export interface ProgressUpdate {
  progress: number;
  total?: number;
  message?: string;
}

/** A log message relayed from a federated server. */
export interface LogMessage {
  level: 'debug' | 'info' | 'notice' | 'warning' | 'error' | 'critical' | 'alert' | 'emergency';
  data: unknown;
  logger?: string;
}

/** A sampling, elicitation or roots request a federated server sends while the call runs. */
export interface RelayedRequest {
  method: 'sampling/createMessage' | 'elicitation/create' | 'roots/list';
  params?: Record<string, unknown>;
}

/** Sends a {@link RelayedRequest} to the calling client; resolves with its result. */
export interface RelayToClient {
  (
    request: RelayedRequest,
    signal: AbortSignal,
    /** The time limit of the call it belongs to (a federated server's `timeout_ms`). */
    callTimeoutMs?: number,
  ): Promise<Record<string, unknown>>;
  /**
   * True while the call is parked: a 2026-07-28 call suspended for its caller's input, between
   * the input-required result and the caller's retry (which may never come).
   */
  parked?: () => boolean;
}

/**
 * A 2026-07-28 caller's side of a request, passed through to a 2026-07-28 federated server (see
 * `FederatedInput` in federation/): its capabilities, `inputResponses`, the server's own
 * `requestState` and the server it came from. The server's input-required answer is thrown as
 * `UpstreamInputRequired` (errors/).
 */
export interface UpstreamInput {
  capabilities: Record<string, unknown>;
  inputResponses?: Record<string, unknown>;
  requestState?: string;
  server?: string;
}

/** Context of one tools/call. */
export interface CallContext {
  signal?: AbortSignal;
  requestId?: string;
  onProgress?: (p: ProgressUpdate) => void;
  /** A federated server's log message during the call (sent as `notifications/message`). */
  onLog?: (m: LogMessage) => void;
  /** A federated server's `notifications/elicitation/complete` during the call (URL elicitation finished). */
  onElicitationComplete?: (params: { elicitationId: string; [key: string]: unknown }) => void;
  /** Relays a federated server's sampling/elicitation/roots request to the caller (MCP calls only). */
  onServerRequest?: RelayToClient;
  /** A 2026-07-28 caller's input, passed through to a 2026-07-28 federated server. */
  input?: UpstreamInput;
  /**
   * The MCP caller's protocol era (`legacy`: 2025-11-25, `modern`: 2026-07-28): a federated server
   * with `match_caller_revision` is reached in the same era when it speaks it.
   */
  callerEra?: 'legacy' | 'modern';
  /**
   * A 2025-11-25 caller's log level (its session's `logging/setLevel`), sent with the call to a
   * 2026-07-28 federated server, whose log levels are per request.
   */
  logLevel?: LogMessage['level'];
  /**
   * The caller takes a federated server's JSON-RPC error `-32042` (URL elicitation required) as
   * that error: a 2025-11-25 caller that declared `elicitation.url`. Others get an isError result
   * naming the URLs to open.
   */
  urlElicitation?: boolean;
  /** Who is calling (tenant, token, scopes); forwarded upstream as tenant credential / identity headers. */
  principal?: Principal;
}
