import type { Principal, Scope } from '../../auth/types.js';
import type { CallOutcome, ResolvedCall } from '../../gateway/index.js';

/** One JSON-RPC request as the edge parsed it (`tools/invoke` already served as `tools/call`). */
export interface RpcRequest {
  /** The method, or undefined when the message names none. */
  method: string | undefined;
  /** The request id (null for a notification or an unusable id). */
  id: string | number | null;
  /** The message handed to the SDK. */
  body: unknown;
  /** The HTTP request handed to the SDK. */
  req: Request;
}

/** What serving a request takes, decided once by `resolve` and enforced by `authorize` and `limit`. */
export interface Access {
  /** The scope the caller needs (undefined: none). */
  scope?: Scope;
  /** What the caller is doing, as a 403 names it (`calling create_run`). */
  what: string;
  /** Counted against the caller's rates (`call`: also its daily call quota); undefined: not counted. */
  limit?: { call: boolean };
  /** The audit trail records this request: the tool called (null for tools/list) and its arguments. */
  audit?: { tool: string | null; args: Record<string, unknown> | undefined };
  /** A tools/call, resolved once: run as is by `execute`. */
  call?: ResolvedCall;
}

/** The typed context (Hono `Variables`) the edge's middlewares share, in the order they are set. */
export interface EdgeVariables {
  /** The view addressed (`default` for `/mcp`). */
  view: string;
  principal: Principal;
  /** `x-request-id`: the client's correlation id or a new one. */
  requestId: string;
  rpc: RpcRequest | undefined;
  access: Access | undefined;
  /** Why the request was refused before it ran. */
  verdict: 'denied' | 'limited' | undefined;
  /** What the tools/call did, once it has run. */
  outcome: CallOutcome | undefined;
}

/** The Hono environment of the edge. */
export interface EdgeEnv {
  Variables: EdgeVariables;
  /** Set for in-process calls (console **Try it**): the caller, which never travels in a header. */
  Bindings: { principal?: Principal };
}
