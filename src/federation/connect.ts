import { AsyncLocalStorage } from 'node:async_hooks';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import {
  Client,
  type Prompt,
  type RequestId,
  type Resource,
  SdkError,
  SdkErrorCode,
  StreamableHTTPClientTransport,
  specTypeSchemas,
  type Task,
  type Tool,
  type Transport,
} from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import type { RemoteToolInfo } from '../catalog/types.js';
import type { McpServerConfig } from '../spec/index.js';
import { boundedFetch } from './bounded-fetch.js';
import { type ChangeTracking, type ListKind, trackListChanges } from './change-tracking.js';
import { lostNotificationStream } from './connect-errors.js';
import { type Era, MODERN_REVISION } from './era.js';
import { guardMessages, type MessageGuard } from './message-guard.js';
import { stopProcess } from './process.js';
import { deliverNotificationsBeforeResponses } from './progress-order.js';
import { toRemoteToolInfo } from './tool-info.js';
import type { ElicitationCompleteParams, FederatedLogMessage, FederatedServerRequest } from './types.js';

const CLIENT_INFO = { name: 'portico', version: '0.1.0' };
/**
 * What Portico's upstream client declares: it relays sampling, elicitation (form and URL) and
 * roots requests to the MCP client that made the call, so servers publish the tools that need
 * them; `roots.listChanged`: a 2025-11-25 client's roots change reaches its tenant's instances. No tasks.
 */
const CLIENT_CAPABILITIES = {
  sampling: {},
  elicitation: { form: {}, url: {} },
  roots: { listChanged: true },
};
/** Hard cap on tools/list pages per listing (a defence against a cursor that never converges). */
const MAX_LIST_PAGES = 1000;

/** Connecting and listing tools did not finish in time. */
export class OpenTimeoutError extends Error {
  constructor(timeoutMs: number, options?: ErrorOptions) {
    super(`connect and tools/list did not finish within ${timeoutMs} ms`, options);
    this.name = 'OpenTimeoutError';
  }
}

/** What a connection reports back to its owner. */
export interface ConnectionHooks {
  /** The tool list was fetched again: `announced` after the server's tools/list_changed, else by polling. */
  onToolsChanged(tools: RemoteToolInfo[], announced: boolean): void;
  /** Re-listing after tools/list_changed failed. */
  onListError(err: Error): void;
  /** The connection ended without `close()` being called (process exit, stream end). */
  onDropped(reason: string): void;
  /** One line the stdio child wrote to stderr. */
  onStderr(line: string): void;
  /** A non-fatal error the SDK reported (stray message, failed notification, …). */
  onClientError(err: Error): void;
  /**
   * A prompt or resource list was fetched again: `announced` after the server's list_changed,
   * else by polling.
   */
  onExtrasChanged?(changed: { prompts?: Prompt[]; resources?: Resource[] }, announced: boolean): void;
  /** The server sent `notifications/message` (a log message). */
  onLog?(params: FederatedLogMessage): void;
  /** The server sent `notifications/elicitation/complete` (a URL elicitation finished). */
  onElicitationComplete?(params: ElicitationCompleteParams): void;
  /** The server sent a notification or request nested deeper than the limit; it was dropped (once per connection). */
  onTooDeep(dropped: { method: string; kind: 'notification' | 'request' }): void;
  /**
   * The server sent sampling/createMessage, elicitation/create or roots/list (or asked for them
   * in a 2026-07-28 input-required result): the caller's answer, or a rejection with a JSON-RPC error.
   */
  onServerRequest(request: FederatedServerRequest, signal: AbortSignal): Promise<Record<string, unknown>>;
  /** List changes cannot be heard (a broken listen stream): they are polled from now on. */
  onPolling?(reason: string): void;
  /** The server sent `notifications/resources/updated` for one of its own URIs. */
  onResourceUpdated?(uri: string): void;
  /** The server sent `notifications/tasks/status` (its own task id). */
  onTaskStatus?(task: Task): void;
}

/** Bounds on what a connection reads from its server. */
export interface ConnectionLimits {
  /** Deepest nesting of a message's result, error or params (`server.max_json_depth`). */
  maxJsonDepth: number;
  /** Most bytes of one message (a stdio line; an HTTP JSON body or event). */
  maxMessageBytes: number;
}

/** One live client connection to a federated server. */
export interface Connection {
  readonly client: Client;
  /** Process id of the stdio child, while it runs. */
  pid(): number | undefined;
  /** Connect (version negotiation + handshake) and list every tool; bounded by `timeoutMs`. */
  open(timeoutMs: number): Promise<RemoteToolInfo[]>;
  /** Close the client; for stdio, stop the child (stdin EOF, SIGTERM, then SIGKILL). */
  close(): Promise<void>;
}

/**
 * Headers of the call being forwarded (caller identity, the tenant's credential): set around
 * `callTool`, added to every HTTP request the SDK sends for it.
 */
export const callHeaders = new AsyncLocalStorage<Record<string, string>>();

const withCallHeaders: typeof fetch = (input, init) => {
  const extra = callHeaders.getStore();
  if (extra === undefined) return fetch(input, init);
  const headers = new Headers(init?.headers);
  for (const [name, value] of Object.entries(extra)) headers.set(name, value);
  return fetch(input, { ...init, headers });
};

function httpTransport(
  t: Extract<McpServerConfig['transport'], { kind: 'http' }>,
  maxBytes: number,
  onTooLarge: (ids: RequestId[]) => void,
  onGetStream: () => void,
): Transport {
  const headers: Record<string, string> = { ...t.headers };
  if (t.bearer !== undefined) headers.Authorization = `Bearer ${t.bearer}`;
  // A GET the server answered: a 2025-era session's stream for its notifications is open.
  const watched: typeof fetch = async (input, init) => {
    const res = await withCallHeaders(input, init);
    if (init?.method === 'GET' && res.ok) onGetStream();
    return res;
  };
  return new StreamableHTTPClientTransport(new URL(t.url), {
    requestInit: { headers },
    fetch: boundedFetch(watched, { maxBytes, onTooLarge }),
  });
}

/** How list changes are followed (see `trackListChanges`). */
export interface ListTrackingOptions {
  /** Re-listing period when the server's changes cannot be heard (default 30 s). */
  pollMs?: number;
  /** Bound on a 2026-07-28 server's `subscriptions/listen` acknowledgement (default: the server's timeout, at most 10 s). */
  ackTimeoutMs?: number;
}

/**
 * Create (but do not open) a client connection for `config`, in era `era` when given (`legacy`:
 * the 2025 handshake; `modern`: pinned to 2026-07-28), else the transport's default: a stdio
 * server with the 2025 handshake, an HTTP server probed with `server/discover` first.
 */
export function createConnection(
  config: McpServerConfig,
  hooks: ConnectionHooks,
  limits: ConnectionLimits,
  era?: Era,
  tracking: ListTrackingOptions = {},
): Connection {
  const t = config.transport;
  let closing = false;
  let stdio: StdioClientTransport | undefined;
  let transport: Transport;
  let guard: MessageGuard | undefined;
  /** A 2025-era GET stream (the server's notifications) was open on this connection. */
  let getStreamOpened = false;
  if (t.kind === 'stdio') {
    stdio = new StdioClientTransport({
      command: t.command,
      args: t.args,
      env: t.env,
      stderr: 'pipe',
      // Past it the SDK closes the transport: the child is stopped and started again.
      maxBufferSize: limits.maxMessageBytes,
      ...(t.cwd !== undefined ? { cwd: t.cwd } : {}),
    });
    // `stderr: 'pipe'` makes this a PassThrough, available before the child starts.
    const stderr = stdio.stderr as Readable | null;
    if (stderr !== null) {
      createInterface({ input: stderr, crlfDelay: Number.POSITIVE_INFINITY }).on('line', (line) =>
        hooks.onStderr(line),
      );
    }
    transport = stdio;
  } else {
    const maxMessageBytes = limits.maxMessageBytes;
    transport = httpTransport(
      t,
      maxMessageBytes,
      (ids) => {
        for (const id of ids) guard?.refuse(id, { limit: 'size', maxMessageBytes });
      },
      () => {
        getStreamOpened = true;
      },
    );
  }
  // Before the client: its schemas and response cache recurse into every value it reads.
  guard = guardMessages(transport, {
    server: config.name,
    maxDepth: limits.maxJsonDepth,
    onDropped: (dropped) => {
      if (!closing) hooks.onTooDeep(dropped);
    },
  });

  const client = new Client(CLIENT_INFO, {
    capabilities: CLIENT_CAPABILITIES,
    // HTTP: `auto` probes with server/discover and falls back to initialize, so 2026-07-28 and
    // 2025-era servers both work at the cost of one extra round trip per connect.
    // stdio: `legacy`. `auto` would spawn a throwaway sibling process on every (re)connect just to
    // probe the era — doubling start-up cost and side effects of heavy servers — and a pin would
    // refuse every 2025-only server. Stdio servers speak the 2025 initialize handshake (SDK v2's
    // serveStdio serves it by default), and nothing Portico forwards needs 2026 features.
    // A stdio server that refuses the 2025 handshake (it speaks only 2026-07-28) is opened again
    // pinned to that revision (`era`), so only such servers pay for a second process. A connection
    // for callers of one era (`match_caller_revision`) is pinned to it.
    versionNegotiation: {
      mode:
        era === 'modern'
          ? { pin: MODERN_REVISION }
          : era === 'legacy' || t.kind === 'stdio'
            ? 'legacy'
            : 'auto',
    },
    listMaxPages: MAX_LIST_PAGES,
  });
  let tracker: ChangeTracking | undefined;
  const relist = (kind: ListKind, announced: boolean): void => {
    if (closing) return;
    const opts = { timeout: config.timeoutMs, cacheMode: 'refresh' as const };
    const run =
      kind === 'tools'
        ? client.listTools(undefined, opts).then((r) =>
            hooks.onToolsChanged(
              r.tools.map((tool) => toRemoteToolInfo(tool)),
              announced,
            ),
          )
        : kind === 'prompts'
          ? client
              .listPrompts(undefined, opts)
              .then((r) => hooks.onExtrasChanged?.({ prompts: r.prompts }, announced))
          : client
              .listResources(undefined, opts)
              .then((r) => hooks.onExtrasChanged?.({ resources: r.resources }, announced));
    run.catch((err: Error) => {
      if (!closing) hooks.onListError(err);
    });
  };
  if (hooks.onLog !== undefined) {
    const onLog = hooks.onLog;
    client.setNotificationHandler('notifications/message', (n) => {
      if (!closing) onLog(n.params as FederatedLogMessage);
    });
  }
  if (hooks.onElicitationComplete !== undefined) {
    const onComplete = hooks.onElicitationComplete;
    client.setNotificationHandler('notifications/elicitation/complete', (n) => {
      if (!closing) onComplete(n.params as ElicitationCompleteParams);
    });
  }
  // The SDK validates each answer against the method's result schema before the server gets it.
  client.setRequestHandler(
    'sampling/createMessage',
    async (req, ctx) =>
      hooks.onServerRequest({ method: req.method, params: req.params }, ctx.mcpReq.signal) as never,
  );
  client.setRequestHandler(
    'elicitation/create',
    async (req, ctx) =>
      hooks.onServerRequest({ method: req.method, params: req.params }, ctx.mcpReq.signal) as never,
  );
  client.setRequestHandler(
    'roots/list',
    async (req, ctx) =>
      hooks.onServerRequest(
        { method: req.method, ...(req.params !== undefined ? { params: req.params } : {}) },
        ctx.mcpReq.signal,
      ) as never,
  );
  if (hooks.onResourceUpdated !== undefined) {
    const onUpdated = hooks.onResourceUpdated;
    client.setNotificationHandler('notifications/resources/updated', (n) => {
      if (!closing) onUpdated(n.params.uri);
    });
  }
  if (hooks.onTaskStatus !== undefined) {
    const onStatus = hooks.onTaskStatus;
    // Typed by schema: the SDK's notification map leaves out the 2025-only task methods.
    client.setNotificationHandler(
      'notifications/tasks/status',
      { params: specTypeSchemas.TaskStatusNotificationParams },
      (params) => {
        if (!closing) onStatus(params as Task);
      },
    );
  }
  client.onerror = (err) => {
    if (closing) return;
    // A 2025-era session whose notification stream, once open, is gone for good: reconnect for a
    // new one (its subscriptions are made again). A server that never served one is left alone.
    const lost =
      getStreamOpened && client.getNegotiatedProtocolVersion() !== MODERN_REVISION
        ? lostNotificationStream(err)
        : undefined;
    if (lost !== undefined) hooks.onDropped(lost);
    else hooks.onClientError(err);
  };
  client.onclose = () => {
    if (!closing) hooks.onDropped(t.kind === 'stdio' ? 'the server process exited' : 'the connection closed');
  };

  return {
    client,
    pid: () => stdio?.pid ?? undefined,
    async open(timeoutMs) {
      const signal = AbortSignal.timeout(timeoutMs);
      let tools: Tool[];
      try {
        await client.connect(transport, { timeout: timeoutMs, signal });
        deliverNotificationsBeforeResponses(transport);
        tracker = trackListChanges(client, {
          pollMs: tracking.pollMs ?? 30_000,
          ackTimeoutMs: tracking.ackTimeoutMs ?? Math.min(timeoutMs, 10_000),
          relist,
          onPolling: (reason) => {
            if (!closing) hooks.onPolling?.(reason);
          },
        });
        await tracker.ready;
        ({ tools } = await client.listTools(undefined, { timeout: timeoutMs, signal, cacheMode: 'refresh' }));
      } catch (err) {
        const timedOut =
          signal.aborted || (err instanceof SdkError && err.code === SdkErrorCode.RequestTimeout);
        throw timedOut ? new OpenTimeoutError(timeoutMs, { cause: err }) : err;
      }
      return tools.map((tool) => toRemoteToolInfo(tool));
    },
    async close() {
      if (closing) return;
      closing = true;
      tracker?.stop();
      // Read before closing: the transport forgets the child as soon as it starts stopping it.
      const pid = stdio?.pid ?? undefined;
      await client.close().catch(() => undefined);
      if (pid !== undefined) await stopProcess(pid);
    },
  };
}
