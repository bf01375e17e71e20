import type {
  CallToolResult,
  CancelTaskResult,
  CompleteRequestParams,
  CompleteResult,
  CreateMessageRequestParams,
  CreateTaskResult,
  ElicitRequestParams,
  GetPromptResult,
  GetTaskResult,
  Prompt,
  ReadResourceResult,
  Resource,
  ResourceTemplateType,
  Task,
  TaskMetadata,
} from '@modelcontextprotocol/client';
import type { RemoteToolInfo } from '../catalog/types.js';
import type { NamingConfig } from '../spec/index.js';
import type { Era } from './era.js';
import type { TaskSupport } from './extras.js';

/** Logger the federation writes to (pino-compatible). */
export interface FederationLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  debug(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/** Who a forwarded call is for (an authenticated `Principal` fits). */
export interface FederatedCaller {
  tenantId: string;
  tenantName?: string;
  tokenId?: string;
  label?: string;
  subject?: string;
}

/** Tenants' stored upstream secrets, keyed by MCP server name (implemented by `secrets/TenantSecrets`). */
export interface FederationCredentials {
  get(tenantId: string, server: string): Promise<string | undefined>;
}

/** Options for `createFederation`. */
export interface FederationOptions {
  logger?: FederationLogger;
  /** Tenants' secrets for servers with `tenant_credential`. */
  credentials?: FederationCredentials;
  /** First reconnect delay in ms (default 500); doubles per failed attempt, with jitter. */
  baseDelayMs?: number;
  /** Reconnect delay cap in ms (default 30000). */
  maxDelayMs?: number;
  /**
   * Bound on one connect attempt (spawn/handshake + listing every tool page), in ms. Default:
   * each server's `timeoutMs`.
   */
  connectTimeoutMs?: number;
  /**
   * Deepest nesting of a message's result, error or params a server may send (default 64;
   * `server.max_json_depth`): checked before the SDK client reads it.
   */
  maxJsonDepth?: number;
  /**
   * Most bytes of one message of a server (default 10 MiB): a stdio line (past it the child is
   * restarted), an HTTP JSON body or one event of an event stream (past it the call fails at once).
   */
  maxMessageBytes?: number;
  /**
   * The catalogue's `naming`: prompt names are built like tool names, resource URIs are the
   * servers' own with `strategy: flat`, else `portico:<server>/<uri>` (default: namespaced with `.`).
   */
  naming?: NamingConfig;
  /** Re-listing period of a server whose list changes cannot be heard (broken listen stream; default 30000). */
  listPollMs?: number;
  /** Bound on a 2026-07-28 server's `subscriptions/listen` acknowledgement (default: its timeout, at most 10000). */
  listenAckTimeoutMs?: number;
  /**
   * A tenant's instance sent a sampling/elicitation/roots request while none of the tenant's calls
   * ran: resolves with a client's answer, or rejects (like {@link FederatedServerRequestRelay}).
   * Without it such requests are refused with `relay_unsupported`.
   */
  relayOutsideCalls?(
    tenant: string,
    request: FederatedServerRequest,
    signal: AbortSignal,
  ): Promise<Record<string, unknown>>;
}

export type FederatedServerState = 'connected' | 'connecting' | 'failed' | 'closed';

/** What `status()` reports for one federated server. Never carries secrets. */
export interface FederatedServerStatus {
  name: string;
  transport: 'http' | 'stdio';
  state: FederatedServerState;
  /** Tools known for the server (the last listing, kept while it reconnects). */
  toolCount: number;
  /** Why the last connect/list failed or the connection dropped (state `failed`). */
  error?: string;
  /** When the next reconnect attempt is due (ISO 8601, state `failed`). */
  retryAt?: string;
  /** When the server entered its current state (ISO 8601). */
  since: string;
  /** Reconnections after the first connect (a stdio child restarted after it died, an HTTP session re-opened). */
  restarts: number;
  /** MCP protocol revision negotiated with the server (when connected). */
  protocolVersion?: string;
  /** Process id of the stdio child that lists the tools (when one is running). */
  pid?: number;
  /** `per_tenant` or `shared` (YAML `isolation`). */
  isolation: 'per_tenant' | 'shared';
  /** `per_tenant`: tenant instances running now. */
  tenants?: number;
  /**
   * `shared` with `match_caller_revision`: the second connection, in the other revision, opened
   * for that revision's callers (absent until one called, or while the server does not open in it).
   */
  otherRevision?: { state: FederatedServerState; protocolVersion?: string; error?: string; pid?: number };
}

/** A progress update from the remote server, passed through to the caller. */
export interface FederatedProgress {
  progress: number;
  total?: number;
  message?: string;
}

/** A log message (`notifications/message` params) from a federated server. */
export interface FederatedLogMessage {
  level: 'debug' | 'info' | 'notice' | 'warning' | 'error' | 'critical' | 'alert' | 'emergency';
  data: unknown;
  logger?: string;
}

/**
 * A request a federated server sends to its client (Portico) while a call runs: sampling,
 * elicitation or roots. Portico relays it to the MCP client that made the call.
 */
export type FederatedServerRequest =
  | { method: 'sampling/createMessage'; params: CreateMessageRequestParams }
  | { method: 'elicitation/create'; params: ElicitRequestParams }
  | { method: 'roots/list'; params?: Record<string, unknown> };

/**
 * Relays a {@link FederatedServerRequest} to the caller: resolves with the caller's result, or
 * rejects with an error carrying a JSON-RPC `code` (the caller's own error, or Portico's
 * `relay_unsupported` when the caller cannot be asked), which the server receives as is.
 */
export interface FederatedServerRequestRelay {
  (
    request: FederatedServerRequest,
    signal: AbortSignal,
    /** The time limit of the call it belongs to (the server's `timeout_ms`). */
    callTimeoutMs?: number,
  ): Promise<Record<string, unknown>>;
  /**
   * True while the call waits for its caller to come back (a 2026-07-28 call suspended for the
   * caller's input): on a tenant's own instance, a server request then goes to the one call that
   * is not parked, if there is exactly one.
   */
  parked?: () => boolean;
}

/** Options for one forwarded `tools/call`. */
export interface FederatedCallOptions {
  /** Cancels the call; the remote server is sent `notifications/cancelled`. */
  signal?: AbortSignal;
  onProgress?: (p: FederatedProgress) => void;
  /** The caller: picks the tenant's instance (`per_tenant`) and fills identity/credential headers. */
  caller?: FederatedCaller;
  /**
   * Log messages the tenant's own instance sends while the call runs (`per_tenant` servers only: on
   * a shared server a message cannot be told apart from another tenant's).
   */
  onLog?: (message: FederatedLogMessage) => void;
  /**
   * Relays the server's sampling, elicitation and roots requests to the caller. Used only while
   * this call is the only one running on its server connection (the protocol does not say which
   * call such a request belongs to); without it the server is answered `relay_unsupported`.
   */
  onServerRequest?: FederatedServerRequestRelay;
  /**
   * The server's `notifications/elicitation/complete` (a URL elicitation finished) while the call
   * runs: on a `per_tenant` instance for every running call of its tenant, on a `shared` server only
   * when this is the one call running on the connection.
   */
  onElicitationComplete?: (params: ElicitationCompleteParams) => void;
  /** A 2026-07-28 caller's side of the request, passed through to a 2026-07-28 server. */
  input?: FederatedInput;
  /**
   * The caller's protocol era: with `match_caller_revision`, the call goes to a connection in the
   * same era when the server speaks it (else the server's one connection).
   */
  callerEra?: Era;
  /**
   * A 2025-11-25 caller's log level (`logging/setLevel` of its session): sent as the request's
   * `_meta` log level when the server's connection speaks 2026-07-28 (levels are per request there;
   * a 2025 connection already has the level, forwarded to the tenant's instance).
   */
  logLevel?: FederatedLogMessage['level'];
}

/**
 * A 2026-07-28 caller's side of a tools/call, prompts/get or resources/read, used only when the
 * server's connection speaks 2026-07-28 too (else ignored: the server's requests are relayed):
 * the request carries the caller's capabilities, `inputResponses` and the server's own
 * `requestState` as they are, and an input-required answer of the server is thrown as
 * `UpstreamInputRequired` (errors/) instead of being fulfilled by Portico's client.
 */
export interface FederatedInput {
  /** The caller's client capabilities (sent in `_meta["io.modelcontextprotocol/clientCapabilities"]`). */
  capabilities: Record<string, unknown>;
  inputResponses?: Record<string, unknown>;
  /** The server's own state of its previous input-required result. */
  requestState?: string;
  /** The server that state came from: a retry reaching another one is refused. */
  server?: string;
}

/** `notifications/elicitation/complete` params (2025-11-25 URL elicitation). */
export interface ElicitationCompleteParams {
  elicitationId: string;
  [key: string]: unknown;
}

/**
 * A notification of a tenant's instance for its client that no call of the tenant was running to
 * carry: a log message or a URL elicitation's completion. Portico sends it to the tenant's
 * 2025-11-25 GET streams.
 */
export type FederatedClientNotification =
  | { method: 'notifications/message'; params: FederatedLogMessage }
  | { method: 'notifications/elicitation/complete'; params: ElicitationCompleteParams };

/** Options of a forwarded request other than tools/call. */
export interface FederatedRequestOptions {
  signal?: AbortSignal;
  caller?: FederatedCaller;
  /**
   * Relays the server's sampling, elicitation and roots requests while this request runs
   * (`prompts/get`, `resources/read`), as {@link FederatedCallOptions.onServerRequest} does.
   */
  onServerRequest?: FederatedServerRequestRelay;
  /** See {@link FederatedCallOptions.input} (`prompts/get`, `resources/read`). */
  input?: FederatedInput;
  /** See {@link FederatedCallOptions.callerEra}. */
  callerEra?: Era;
}

/** One page of `tasks/list` over the federated servers: each task with the server that runs it. */
export interface FederatedTaskPage {
  tasks: { server: string; task: Task }[];
  nextCursor?: string;
}

/**
 * A change a federated server reported, for Portico's clients. `tenant` is set when it came from
 * that tenant's own instance of a `per_tenant` server (only that tenant may see it); without it,
 * it concerns every tenant (a `shared` server, or the listing connection).
 */
export type FederationEvent =
  | { kind: 'resource_updated' /** The published URI. */; uri: string; tenant?: string }
  | { kind: 'resources_list_changed' | 'prompts_list_changed'; tenant?: string }
  /**
   * What a tenant lists changed: its own instance announced a tool list change, or (lists other
   * tools than the listing) it started or stopped.
   */
  | { kind: 'tools_list_changed'; tenant: string }
  /** A tenant's instance sent a notification for the client while none of the tenant's calls ran. */
  | { kind: 'client_notification'; tenant: string; notification: FederatedClientNotification }
  /** `notifications/tasks/status` of a task (the server's own id), for the tenant that started it. */
  | { kind: 'task_status'; server: string; tenant: string; task: Task };

/** The federated MCP servers as one unit: their tools, their health, and call forwarding. */
export interface Federation {
  /**
   * Connect to every server concurrently. Never rejects because of a server: one that cannot be
   * reached is marked `failed` and retried in the background. Resolves once every server has
   * connected or failed its first attempt.
   */
  start(): Promise<void>;
  /**
   * Tools per server, for servers that have been listed at least once. A server that dropped
   * keeps its last listing while it reconnects (calls to it fail with `upstream_unreachable`).
   */
  tools(): ReadonlyMap<string, RemoteToolInfo[]>;
  /**
   * The `per_tenant` servers whose instance for `tenantId` runs and lists other tools than the
   * listing (`tools()`), with that instance's tools (published like `tools()`); undefined when
   * there are none (the common case, one map lookup). The tenant's catalogue is built with these.
   */
  tenantTools(tenantId: string): ReadonlyMap<string, RemoteToolInfo[]> | undefined;
  /**
   * Called with a tenant whose `tenantTools` changed (its instance listed other tools, stopped, or
   * the listing changed under it); returns an unsubscribe function.
   */
  onTenantTools(listener: (tenantId: string) => void): () => void;
  status(): FederatedServerStatus[];
  /**
   * Forward `tools/call` to `server` — to the caller's tenant instance when the server is
   * `per_tenant` (started on first use) — and return its result unchanged.
   */
  call(
    server: string,
    remoteName: string,
    args: Record<string, unknown>,
    opts?: FederatedCallOptions,
  ): Promise<CallToolResult>;
  /** Whether any connected server offers resources, prompts or completions (Portico's capabilities). */
  features(): {
    resources: boolean;
    prompts: boolean;
    completions: boolean;
    logging: boolean;
    /** Some server takes resource subscriptions. */
    subscribe: boolean;
    /** What some server declares of `tasks` (task-augmented tools/call, tasks/list, tasks/cancel). */
    tasks: TaskSupport;
  };
  /**
   * Forward a task-augmented `tools/call` (2025-11-25 `params.task`) to `server` (the caller's
   * instance when `per_tenant`): the server's `CreateTaskResult`, with its own task id.
   */
  callTask(
    server: string,
    remoteName: string,
    args: Record<string, unknown>,
    opts: FederatedRequestOptions & { task: TaskMetadata },
  ): Promise<CreateTaskResult>;
  /** `tasks/get` of the server's task `taskId` on the caller's connection to `server`. */
  getTask(server: string, taskId: string, opts?: FederatedRequestOptions): Promise<GetTaskResult>;
  /** `tasks/result`: the task's payload (a tool result, forwarded like one). */
  taskResult(
    server: string,
    taskId: string,
    opts?: FederatedRequestOptions,
  ): Promise<Record<string, unknown>>;
  /** `tasks/cancel` of the server's task. */
  cancelTask(server: string, taskId: string, opts?: FederatedRequestOptions): Promise<CancelTaskResult>;
  /**
   * `tasks/list` over the caller's running instances of `per_tenant` servers declaring `tasks.list`
   * (a `shared` server's list mixes every tenant's tasks, so it is not listed).
   */
  listTasks(cursor: string | undefined, opts?: FederatedRequestOptions): Promise<FederatedTaskPage>;
  /**
   * Every server's resources, URIs published by the naming (`portico:<server>/<uri>`, or the
   * server's own with `strategy: flat`): listed live from the caller's running tenant instance (so
   * resources it created appear), else the last listing. Throws `config_invalid` when two servers
   * publish the same URI.
   */
  resources(opts?: FederatedRequestOptions): Promise<Resource[]>;
  /** Every server's resource templates, published like resource URIs (collisions: `config_invalid`). */
  resourceTemplates(): ResourceTemplateType[];
  /** Every server's prompts, named like its tools; throws `config_invalid` on a name collision. */
  prompts(): Prompt[];
  /** `resources/read` of a published URI on its server (the tenant's instance for `per_tenant`). */
  readResource(uri: string, opts?: FederatedRequestOptions): Promise<ReadResourceResult>;
  /** `prompts/get` of a published prompt name on its server. */
  getPrompt(
    name: string,
    args: Record<string, string> | undefined,
    opts?: FederatedRequestOptions,
  ): Promise<GetPromptResult>;
  /** `completion/complete` for a published prompt name or resource template. */
  complete(params: CompleteRequestParams, opts?: FederatedRequestOptions): Promise<CompleteResult>;
  /**
   * Subscribe to updates of a published resource URI on its server (the caller's tenant instance for
   * `per_tenant`, kept running while subscribed). Resolves with the function that releases it;
   * updates arrive as `resource_updated` events ({@link onEvent}).
   */
  subscribe(uri: string, opts?: FederatedRequestOptions): Promise<() => Promise<void>>;
  /** `logging/setLevel` (2025-11-25) for the caller's instances of `per_tenant` servers declaring logging. */
  setLogLevel(level: FederatedLogMessage['level'], opts?: FederatedRequestOptions): Promise<void>;
  /**
   * A 2025-11-25 client's `notifications/roots/list_changed`: sent on to the caller's running
   * instances of `per_tenant` servers (none is started for it); `shared` servers are not told.
   */
  rootsListChanged(opts?: FederatedRequestOptions): Promise<void>;
  /**
   * Resource updates, resource/prompt list changes, tenant instances' tool list changes and their
   * notifications outside calls; returns an unsubscribe function.
   */
  onEvent(listener: (event: FederationEvent) => void): () => void;
  /** Called whenever `tools()` changes; returns an unsubscribe function. */
  onChange(listener: () => void): () => void;
  /** Disconnect everything and stop child processes. */
  close(): Promise<void>;
}
