import {
  type CallToolResult,
  type Client,
  ProtocolError,
  specTypeSchemas,
  type Task,
  withInputRequired,
} from '@modelcontextprotocol/client';
import type { RemoteToolInfo } from '../catalog/types.js';
import { type PorticoError, UpstreamInputRequired } from '../errors/index.js';
import type { McpServerConfig } from '../spec/index.js';
import { type Backoff, backoffDelay } from './backoff.js';
import { classifyCallError, unavailableError } from './call-errors.js';
import { CallNotifications } from './call-notifications.js';
import {
  type Connection,
  type ConnectionLimits,
  callHeaders,
  createConnection,
  type ListTrackingOptions,
  OpenTimeoutError,
} from './connect.js';
import { describeConnectFailure } from './connect-errors.js';
import { type Era, eraOf, refusedLegacyForModern } from './era.js';
import { listExtras, NO_EXTRAS, type ServerExtras } from './extras.js';
import { refusedAnswerOf } from './message-guard.js';
import { logLevelMeta, missingCapability, passThroughParams, throwIfInputRequired } from './pass-through.js';
import { credentialsIn, describeError, redact, secretsOf } from './redact.js';
import { type RunningCall, relayServerRequest } from './relay.js';
import { forwardedResult } from './result.js';
import type {
  FederatedCallOptions,
  FederatedClientNotification,
  FederatedInput,
  FederatedServerRequestRelay,
  FederatedServerState,
  FederatedServerStatus,
  FederationLogger,
} from './types.js';
import { UpstreamSubscriptions } from './upstream-subscriptions.js';
import { isUrlElicitationRequired } from './url-elicitation.js';

export interface ServerConnectionDeps {
  logger: FederationLogger;
  backoff: Backoff;
  /** Overrides the server's `timeoutMs` as the bound of one connect attempt. */
  connectTimeoutMs?: number;
  /** The server's tool list changed (`first`: its first listing; or a reconnect with other tools, list_changed). */
  onToolsChanged(first: boolean): void;
  /** Set for a `per_tenant` server's tenant instance: added to its log lines. */
  tenant?: string;
  /** Bounds on what the server sends. */
  limits: ConnectionLimits;
  /** The server sent `notifications/resources/updated` (its own URI). */
  onResourceUpdated?(uri: string): void;
  /** How list changes are followed (poll period, listen acknowledgement bound). */
  tracking?: ListTrackingOptions;
  /** The server's resource or prompt list changed (and was listed again). */
  onListChanged?(kind: 'resources' | 'prompts'): void;
  /** The server's tool list changed after its first listing (a tenant instance's announcement). */
  onToolListChanged?(): void;
  /** A tenant instance's request for the client while none of its calls runs (else refused). */
  onServerRequestOutsideCalls?: FederatedServerRequestRelay;
  /** A tenant instance's notification for the client that no running call could carry. */
  onClientNotification?(notification: FederatedClientNotification): void;
  /** The server sent `notifications/tasks/status` (its own task id). */
  onTaskStatus?(task: Task): void;
  /**
   * Open the server in this era only (a connection for callers of that era): never falls back to
   * the other one. Without it: the transport's default (see `createConnection`).
   */
  pin?: Era;
}

/**
 * Options of one request on the live client: bounded by the server's timeout, cancelled with
 * `signal`; for a request passed through for a 2026-07-28 caller, `params` to add to the request's
 * own and `allowInputRequired` (the server's input-required result comes back, not fulfilled).
 */
export interface RequestRunOptions {
  timeout: number;
  signal?: AbortSignal;
  allowInputRequired?: true;
  params?: Record<string, unknown>;
}

/** The hooks of a connection whose changes become {@link FederationEvent}s. */
export type EventHooks = Pick<
  ServerConnectionDeps,
  'onResourceUpdated' | 'onListChanged' | 'onToolListChanged' | 'onClientNotification' | 'onTaskStatus'
>;

/**
 * One federated server's lifecycle: connect, list, forward calls, and — whenever a connect
 * attempt fails or the connection drops — reconnect in the background with capped exponential
 * backoff. A stdio server is one long-lived child process, restarted only when it dies.
 */
export class ServerConnection {
  readonly name: string;
  private state: FederatedServerState = 'connecting';
  private since = new Date();
  private error: string | undefined;
  private retryAt: Date | undefined;
  private timer: NodeJS.Timeout | undefined;
  private failures = 0;
  /** Successful connects; all but the first are restarts. */
  private connects = 0;
  private connectedAt = 0;
  private conn: Connection | undefined;
  private knownTools: RemoteToolInfo[] | undefined;
  private knownExtras: ServerExtras = NO_EXTRAS;
  /** The tools/call requests in flight on this connection (whose caller a server request goes to). */
  private readonly running = new Set<RunningCall>();
  /** Where the server's log messages and elicitation completions go (the calls in flight). */
  private readonly notifications: CallNotifications;
  private lastStderr: string | undefined;
  private first: Promise<void> | undefined;
  private readonly secrets: string[];
  private readonly subscriptions: UpstreamSubscriptions;
  /** The era to open the server in: the pin, else a stdio server's once it refused the 2025 handshake. */
  private openEra: Era | undefined;

  constructor(
    private readonly config: McpServerConfig,
    private readonly deps: ServerConnectionDeps,
  ) {
    this.name = config.name;
    this.openEra = deps.pin;
    this.secrets = secretsOf(config);
    this.notifications = new CallNotifications({
      ...(deps.tenant !== undefined ? { tenant: deps.tenant } : {}),
      ...(deps.onClientNotification !== undefined ? { onIdle: deps.onClientNotification } : {}),
      onDropped: ({ method, running }) =>
        deps.logger.debug(
          { ...this.tag(), method, running },
          'dropped a notification of a federated MCP server for the client: it names no caller and not exactly one call was running on the connection (logged once per connection)',
        ),
    });
    this.subscriptions = new UpstreamSubscriptions(config.timeoutMs, deps.backoff, {
      onError: (uri, err, headers) =>
        deps.logger.warn(
          {
            ...this.tag(),
            uri,
            error: redact(describeError(err), [...this.secrets, ...credentialsIn(config, headers)]),
          },
          'could not subscribe again to a resource of a federated MCP server (after reconnecting, or after it ended the subscription stream)',
        ),
      onEnded: (uri, delayMs) =>
        deps.logger.info(
          { ...this.tag(), uri, delayMs },
          'federated MCP server ended a resource subscription stream; subscribing again',
        ),
    });
  }

  /**
   * Hold a subscription to updates of the server's resource `uri` (its own URI) for a caller whose
   * requests carry `headers`: subscribed upstream with them on the first hold, again after each
   * reconnect (with the oldest remaining holder's), unsubscribed on the last release. Resolves
   * with the release of this hold.
   */
  async subscribe(uri: string, headers?: Record<string, string>): Promise<() => Promise<void>> {
    if (this.state !== 'connected' || this.conn === undefined) throw this.unavailable();
    try {
      return await this.subscriptions.add(uri, headers);
    } catch (err) {
      if (err instanceof ProtocolError) throw err;
      const failure = classifyCallError(err, {
        server: this.name,
        method: 'resources/subscribe',
        tool: uri,
        timeoutMs: this.config.timeoutMs,
        redact: (text) => redact(text, this.secrets),
      });
      throw failure.error ?? this.unavailable();
    }
  }

  /**
   * Tell the server the client's roots changed (`notifications/roots/list_changed`), if it is
   * connected now; resolves false when it is not (a server that starts later asks afresh).
   */
  async rootsListChanged(): Promise<boolean> {
    const conn = this.conn;
    if (this.state !== 'connected' || conn === undefined) return false;
    await conn.client.sendRootsListChanged();
    return true;
  }

  /** First connect attempt; resolves (never rejects) once it connected or failed. */
  start(): Promise<void> {
    this.first ??= this.attempt();
    return this.first;
  }

  /** The era the live connection speaks (undefined while not connected). */
  era(): Era | undefined {
    const version = this.state === 'connected' ? this.conn?.client.getNegotiatedProtocolVersion() : undefined;
    return version === undefined ? undefined : eraOf(version);
  }

  /** Connected now (calls are forwarded). */
  connected(): boolean {
    return this.state === 'connected';
  }

  /** Last listed tools, if the server was ever listed. */
  tools(): RemoteToolInfo[] | undefined {
    return this.knownTools;
  }

  /** Resources, templates and prompts of the last listing (empty until connected). */
  extras(): ServerExtras {
    return this.knownExtras;
  }

  /**
   * Run one request (`resources/read`, `prompts/get`, `completion/complete`, …) on the live
   * client with the call's headers. A JSON-RPC error of the server is rethrown as it is (its code
   * and message reach the caller); connection failures drop the connection and reconnect.
   */
  async request<T>(
    method: string,
    run: (client: Client, opts: RequestRunOptions) => Promise<T>,
    opts: {
      signal?: AbortSignal;
      headers?: Record<string, string>;
      target?: string;
      onServerRequest?: FederatedServerRequestRelay;
      input?: FederatedInput;
    } = {},
  ): Promise<T> {
    return this.forward(
      {
        method,
        target: opts.target ?? '',
        ...(opts.signal !== undefined ? { signal: opts.signal } : {}),
        ...(opts.headers !== undefined ? { headers: opts.headers } : {}),
        ...(opts.input !== undefined ? { input: opts.input } : {}),
        // Registered as running only when the caller can be asked (prompts/get, resources/read).
        ...(opts.onServerRequest !== undefined ? { running: { onServerRequest: opts.onServerRequest } } : {}),
      },
      (client, passed) =>
        run(client, {
          timeout: this.config.timeoutMs,
          ...(opts.signal !== undefined ? { signal: opts.signal } : {}),
          ...(passed !== undefined ? { allowInputRequired: true, params: passed } : {}),
        }),
    );
  }

  status(): FederatedServerStatus {
    const s: FederatedServerStatus = {
      name: this.name,
      transport: this.config.transport.kind,
      state: this.state,
      toolCount: this.knownTools?.length ?? 0,
      since: this.since.toISOString(),
      restarts: Math.max(0, this.connects - 1),
      isolation: this.config.isolation,
    };
    if (this.state !== 'connected' && this.error !== undefined) s.error = this.error;
    if (this.state === 'failed' && this.retryAt !== undefined) s.retryAt = this.retryAt.toISOString();
    if (this.state === 'connected') {
      const version = this.conn?.client.getNegotiatedProtocolVersion();
      if (version !== undefined) s.protocolVersion = version;
    }
    const pid = this.conn?.pid();
    if (pid !== undefined) s.pid = pid;
    return s;
  }

  async call(
    name: string,
    args: Record<string, unknown>,
    opts: FederatedCallOptions & { headers?: Record<string, string> },
  ): Promise<CallToolResult> {
    const { signal, onProgress } = opts;
    const options = {
      timeout: this.config.timeoutMs,
      ...(signal !== undefined ? { signal } : {}),
      ...(onProgress !== undefined
        ? {
            onprogress: (p: { progress: number; total?: number; message?: string }) =>
              onProgress({
                progress: p.progress,
                ...(p.total !== undefined ? { total: p.total } : {}),
                ...(p.message !== undefined ? { message: p.message } : {}),
              }),
          }
        : {}),
    };
    const removeSinks = this.notifications.add({
      ...(opts.onLog !== undefined ? { onLog: opts.onLog } : {}),
      ...(opts.onElicitationComplete !== undefined
        ? { onElicitationComplete: opts.onElicitationComplete }
        : {}),
    });
    try {
      const result = await this.forward(
        {
          target: name,
          ...(signal !== undefined ? { signal } : {}),
          ...(opts.headers !== undefined ? { headers: opts.headers } : {}),
          ...(opts.input !== undefined ? { input: opts.input } : {}),
          // Always running: a tools/call is what the server's requests for the client belong to.
          running: opts.onServerRequest !== undefined ? { onServerRequest: opts.onServerRequest } : {},
        },
        (client, passed) => {
          if (passed !== undefined) {
            // Passed through: the server's input-required result comes back as it is. Not through
            // callTool, whose output-schema check would refuse it (no structuredContent yet); the
            // caller's own client checks the final result against the tool's schema.
            return client.request(
              { method: 'tools/call', params: { name, arguments: args, ...passed } },
              withInputRequired(specTypeSchemas.CallToolResult),
              { ...options, allowInputRequired: true },
            ) as Promise<CallToolResult>;
          }
          const level = logLevelMeta(client, opts.logLevel);
          return client.callTool(
            { name, arguments: args, ...(level !== undefined ? { _meta: level } : {}) },
            options,
          );
        },
      );
      return forwardedResult(result);
    } finally {
      removeSinks();
    }
  }

  /**
   * One request on the live connection: registered as running while `work` runs when `running` is
   * given (so the server's requests for the client reach that caller), a 2026-07-28 caller's input
   * passed through (`passed`) with the server's input-required answer or -32021 thrown for the
   * caller, and other failures classified — dropping the connection when it broke. A request's
   * JSON-RPC error from the server itself (`method` given) is returned to the caller as it is, but
   * for `-32042` (URL elicitation required): thrown as `UpstreamUrlElicitation` (errors/), which
   * the MCP layer answers as each caller can take it.
   */
  private async forward<T>(
    spec: {
      method?: string;
      target: string;
      signal?: AbortSignal;
      headers?: Record<string, string>;
      input?: FederatedInput;
      running?: Omit<RunningCall, 'ended'>;
    },
    work: (client: Client, passed: Record<string, unknown> | undefined) => Promise<T>,
  ): Promise<T> {
    const conn = this.conn;
    if (this.state !== 'connected' || conn === undefined) throw this.unavailable();
    const passed = passThroughParams(conn.client, this.name, spec.input);
    const ended = new AbortController();
    const running: RunningCall | undefined =
      spec.running === undefined ? undefined : { ...spec.running, ended: ended.signal };
    if (running !== undefined) this.running.add(running);
    try {
      const result = await callHeaders.run(spec.headers ?? {}, () => work(conn.client, passed));
      if (passed !== undefined) throwIfInputRequired(this.name, result);
      return result;
    } catch (err) {
      if (err instanceof UpstreamInputRequired) throw err;
      const missing = passed !== undefined ? missingCapability(this.name, err) : undefined;
      if (missing !== undefined) throw missing;
      // A -32042 goes on to `classifyCallError`, which makes it the caller's `UpstreamUrlElicitation`.
      if (
        spec.method !== undefined &&
        err instanceof ProtocolError &&
        !isUrlElicitationRequired(err) &&
        refusedAnswerOf(err) === undefined
      ) {
        throw err;
      }
      const failure = classifyCallError(err, {
        server: this.name,
        ...(spec.method !== undefined ? { method: spec.method } : {}),
        tool: spec.target,
        timeoutMs: this.config.timeoutMs,
        ...(spec.signal !== undefined ? { signal: spec.signal } : {}),
        redact: (text) => redact(text, this.secrets),
      });
      if (!failure.drop) throw failure.error;
      this.drop(conn, failure.reason);
      throw failure.error ?? this.unavailable();
    } finally {
      if (running !== undefined) {
        this.running.delete(running);
        ended.abort(new Error(`the ${spec.method ?? 'tools/call'} is over`));
      }
    }
  }

  async close(): Promise<void> {
    this.setState('closed');
    clearTimeout(this.timer);
    this.timer = undefined;
    const conn = this.conn;
    this.conn = undefined;
    this.subscriptions.detach();
    await conn?.close();
  }

  private tag(): Record<string, string> {
    return this.deps.tenant === undefined
      ? { server: this.name }
      : { server: this.name, tenant: this.deps.tenant };
  }

  private connectTimeoutMs(): number {
    return this.deps.connectTimeoutMs ?? this.config.timeoutMs;
  }

  private async attempt(): Promise<void> {
    if (this.state === 'closed') return;
    this.setState('connecting');
    const conn = createConnection(
      this.config,
      {
        onToolsChanged: (tools, announced) => {
          if (this.conn === conn && this.state === 'connected') this.setTools(tools, announced);
        },
        onListError: (err) =>
          this.deps.logger.warn(
            { ...this.tag(), error: redact(err.message, this.secrets) },
            'could not re-list the tools of a federated MCP server after tools/list_changed',
          ),
        onDropped: (reason) => this.drop(conn, reason),
        onExtrasChanged: (changed, announced) => {
          if (this.conn !== conn || this.state !== 'connected') return;
          const before = this.knownExtras;
          this.knownExtras = { ...before, ...changed };
          // Relayed when the server announced it; a poll relays only a real difference.
          const differs = (a: unknown, b: unknown) =>
            b !== undefined && (announced || JSON.stringify(a) !== JSON.stringify(b));
          if (differs(before.resources, changed.resources)) this.deps.onListChanged?.('resources');
          if (differs(before.prompts, changed.prompts)) this.deps.onListChanged?.('prompts');
        },
        onPolling: (reason) => {
          if (this.conn !== conn) return;
          this.deps.logger.warn(
            { ...this.tag(), reason: redact(reason, this.secrets) },
            'list changes of a federated MCP server cannot be heard; polling its lists instead',
          );
        },
        onResourceUpdated: (uri) => {
          if (this.conn === conn) this.deps.onResourceUpdated?.(uri);
        },
        onTaskStatus: (task) => {
          if (this.conn === conn) this.deps.onTaskStatus?.(task);
        },
        onLog: (params) => {
          if (this.conn === conn) this.notifications.route({ method: 'notifications/message', params });
        },
        onElicitationComplete: (params) => {
          if (this.conn === conn)
            this.notifications.route({ method: 'notifications/elicitation/complete', params });
        },
        onServerRequest: (request, signal) => {
          let running = this.conn === conn ? [...this.running] : [];
          const outside = this.deps.onServerRequestOutsideCalls;
          // A tenant instance's request outside its calls: the tenant's client that may answer it.
          if (running.length === 0 && this.conn === conn && outside !== undefined)
            running = [{ onServerRequest: outside, ended: new AbortController().signal }];
          this.deps.logger.debug(
            { ...this.tag(), method: request.method, running: running.length },
            'federated MCP server sent a request for the client',
          );
          return relayServerRequest(this.name, running, request, signal, {
            callTimeoutMs: this.config.timeoutMs,
            oneTenant: this.deps.tenant !== undefined,
          });
        },
        onClientError: (err) =>
          this.deps.logger.debug(
            { ...this.tag(), error: redact(describeError(err), this.secrets) },
            'federated MCP client reported an error',
          ),
        onStderr: (line) => {
          const text = redact(line, this.secrets);
          if (text.trim() !== '') this.lastStderr = text;
          this.deps.logger.debug({ ...this.tag(), stderr: text }, 'federated MCP server stderr');
        },
        onTooDeep: ({ method, kind }) =>
          this.deps.logger.warn(
            { ...this.tag(), method, kind, maxJsonDepth: this.deps.limits.maxJsonDepth },
            `dropped a ${kind} of a federated MCP server nested deeper than server.max_json_depth (logged once per connection)`,
          ),
      },
      this.deps.limits,
      this.openEra,
      this.deps.tracking,
    );
    this.conn = conn;
    this.lastStderr = undefined;
    this.notifications.reset();
    try {
      const tools = await conn.open(this.connectTimeoutMs());
      if (this.conn !== conn) return void (await conn.close());
      this.connectedAt = Date.now();
      this.connects++;
      this.error = undefined;
      this.retryAt = undefined;
      this.setState('connected');
      const { protocolVersion, pid } = this.status();
      this.deps.logger.info(
        { ...this.tag(), tools: tools.length, protocolVersion, pid },
        'federated MCP server connected',
      );
      this.knownExtras = await listExtras(conn.client, this.connectTimeoutMs(), (what, err) =>
        this.deps.logger.warn(
          { ...this.tag(), error: redact(describeError(err), this.secrets) },
          `could not ${what} on a federated MCP server; it is published without them`,
        ),
      );
      this.subscriptions.attach(conn.client);
      this.setTools(tools);
    } catch (err) {
      if (this.conn !== conn) return;
      this.conn = undefined;
      await conn.close();
      if (
        this.openEra === undefined &&
        this.config.transport.kind === 'stdio' &&
        refusedLegacyForModern(err)
      ) {
        this.openEra = 'modern';
        this.deps.logger.info(
          this.tag(),
          'federated MCP server refused the 2025-11-25 handshake; connecting again with 2026-07-28',
        );
        return this.attempt();
      }
      const reason = describeConnectFailure({
        err,
        config: this.config,
        timedOutAfterMs: err instanceof OpenTimeoutError ? this.connectTimeoutMs() : undefined,
        ...(this.lastStderr !== undefined ? { lastStderr: this.lastStderr } : {}),
      });
      this.fail(reason);
    }
  }

  /** The live connection `conn` broke: stop it and reconnect with backoff. */
  private drop(conn: Connection, reason: string): void {
    if (this.conn !== conn || this.state !== 'connected') return;
    this.conn = undefined;
    this.subscriptions.detach();
    // A connection that stayed up a while resets the backoff; one that dies right after
    // connecting keeps escalating it (no tight crash loop).
    if (Date.now() - this.connectedAt >= this.deps.backoff.maxDelayMs) this.failures = 0;
    void conn.close();
    this.fail(reason);
  }

  private fail(reason: string): void {
    if (this.state === 'closed') return;
    this.failures++;
    const delay = backoffDelay(this.failures, this.deps.backoff);
    this.error = redact(reason, this.secrets);
    this.retryAt = new Date(Date.now() + delay);
    this.setState('failed');
    this.deps.logger.warn(
      { ...this.tag(), error: this.error, retryAt: this.retryAt.toISOString(), failures: this.failures },
      'federated MCP server unavailable; retrying in the background',
    );
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.attempt();
    }, delay);
    this.timer.unref();
  }

  private setTools(tools: RemoteToolInfo[], announced = false): void {
    const first = this.knownTools === undefined;
    const same = !first && JSON.stringify(this.knownTools) === JSON.stringify(tools);
    // Relayed when the server announced it (as resource and prompt list changes); a poll or a
    // reconnect relays only a real difference.
    if (!first && (announced || !same)) this.deps.onToolListChanged?.();
    if (same) return;
    this.knownTools = tools;
    this.deps.onToolsChanged(first);
  }

  private setState(state: FederatedServerState): void {
    if (this.state === state) return;
    this.state = state;
    this.since = new Date();
  }

  private unavailable(): PorticoError {
    return unavailableError(this.status());
  }
}
