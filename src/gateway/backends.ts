import type {
  CallToolResult,
  CancelTaskResult,
  CompleteRequestParams,
  CompleteResult,
  CreateTaskResult,
  GetPromptResult,
  GetTaskResult,
  Prompt,
  ReadResourceResult,
  Resource,
  ResourceTemplateType,
  Task,
  TaskMetadata,
} from '@modelcontextprotocol/server';
import type { Principal } from '../auth/types.js';
import type { CatalogTool } from '../catalog/index.js';
import {
  isPorticoError,
  PorticoError,
  UpstreamInputRequired,
  UpstreamUrlElicitation,
} from '../errors/index.js';
import type { Logger } from '../observability/index.js';
import type { UpstreamClient } from '../upstream/index.js';
import type { CallContext, RelayToClient, RunOutcome, ToolRun, UpstreamInput } from './call-context.js';
import { type CredentialSource, callerHeaders } from './caller-headers.js';
import { toolResultFromError, toolResultFromUpstream } from './tool-result.js';

/** Forwards calls to federated MCP servers (implemented by `federation/`). */
export interface McpCaller {
  call(
    server: string,
    remoteName: string,
    args: Record<string, unknown>,
    opts: {
      signal?: AbortSignal;
      onProgress?: CallContext['onProgress'];
      onLog?: CallContext['onLog'];
      onElicitationComplete?: CallContext['onElicitationComplete'];
      onServerRequest?: CallContext['onServerRequest'];
      caller?: Principal;
      input?: UpstreamInput;
      callerEra?: CallContext['callerEra'];
      logLevel?: CallContext['logLevel'];
    },
  ): Promise<CallToolResult>;
  /** Forward a task-augmented tools/call: the server's `CreateTaskResult` (its own task id). */
  callTask?(
    server: string,
    remoteName: string,
    args: Record<string, unknown>,
    opts: { signal?: AbortSignal; caller?: Principal; task: TaskMetadata },
  ): Promise<CreateTaskResult>;
}

/**
 * Tasks the federated servers run (2025-11-25 `tasks`), by the server's own task id; the MCP layer
 * binds ids to callers (implemented by `federation/`).
 */
export interface McpTasks {
  getTask(server: string, taskId: string, opts: McpRequestOptions): Promise<GetTaskResult>;
  taskResult(server: string, taskId: string, opts: McpRequestOptions): Promise<Record<string, unknown>>;
  cancelTask(server: string, taskId: string, opts: McpRequestOptions): Promise<CancelTaskResult>;
  /** The caller's tasks on `per_tenant` servers (see `Federation.listTasks`). */
  listTasks(
    cursor: string | undefined,
    opts: McpRequestOptions,
  ): Promise<{ tasks: { server: string; task: Task }[]; nextCursor?: string }>;
}

/** Options of a federated request other than tools/call. */
export interface McpRequestOptions {
  signal?: AbortSignal;
  caller?: Principal;
  /** Relays the server's sampling/elicitation/roots requests during prompts/get and resources/read. */
  onServerRequest?: RelayToClient;
  /** A 2026-07-28 caller's input, passed through to a 2026-07-28 server (prompts/get, resources/read). */
  input?: UpstreamInput;
  /** The caller's protocol era (see {@link CallContext.callerEra}). */
  callerEra?: CallContext['callerEra'];
}

/**
 * What federated servers offer besides tools (implemented by `federation/`): resources and
 * templates and prompts published by the catalogue's naming (see docs/federation.md), completions.
 */
export interface McpFeatures {
  features(): {
    resources: boolean;
    prompts: boolean;
    completions: boolean;
    logging: boolean;
    /** Some server takes resource subscriptions. */
    subscribe?: boolean;
    /** What some server declares of `tasks`. */
    tasks?: { toolsCall: boolean; list: boolean; cancel: boolean };
  };
  resources(opts: McpRequestOptions): Promise<Resource[]>;
  resourceTemplates(): ResourceTemplateType[];
  prompts(): Prompt[];
  readResource(uri: string, opts: McpRequestOptions): Promise<ReadResourceResult>;
  getPrompt(
    name: string,
    args: Record<string, string> | undefined,
    opts: McpRequestOptions,
  ): Promise<GetPromptResult>;
  complete(params: CompleteRequestParams, opts: McpRequestOptions): Promise<CompleteResult>;
  /** Forward a 2025-11-25 `logging/setLevel` to the caller's instances (see `Federation.setLogLevel`). */
  setLogLevel?(
    level: 'debug' | 'info' | 'notice' | 'warning' | 'error' | 'critical' | 'alert' | 'emergency',
    opts: McpRequestOptions,
  ): Promise<void>;
  /** A 2025-11-25 client's roots changed (see `Federation.rootsListChanged`). */
  rootsListChanged?(opts: McpRequestOptions): Promise<void>;
  /** Tasks of the federated servers. */
  tasks?: McpTasks;
}

/** What executes a catalogue tool, by kind. */
export interface ToolBackends {
  http: UpstreamClient;
  mcp?: McpCaller;
  /** Resources, prompts and completions of federated servers. */
  mcpFeatures?: McpFeatures;
  /** Tenants' upstream secrets, for systems with `tenant_credential`. */
  credentials?: CredentialSource;
}

/**
 * Execute one catalogue tool with already-validated arguments: its result and how the run went.
 * Failures of the upstream or of the federated server become isError results, never exceptions.
 */
export async function executeTool(
  backends: ToolBackends,
  logger: Logger,
  tool: CatalogTool,
  args: Record<string, unknown>,
  ctx: CallContext,
): Promise<ToolRun> {
  const system = tool.kind === 'mcp' ? tool.server : tool.system.name;
  try {
    if (tool.kind === 'mcp') {
      if (backends.mcp === undefined) {
        throw new PorticoError('upstream_unreachable', `MCP server "${tool.server}" is not connected.`);
      }
      const result = await backends.mcp.call(tool.server, tool.remoteName, args, {
        ...(ctx.signal !== undefined ? { signal: ctx.signal } : {}),
        ...(ctx.onProgress !== undefined ? { onProgress: ctx.onProgress } : {}),
        ...(ctx.principal !== undefined ? { caller: ctx.principal } : {}),
        ...(ctx.onLog !== undefined ? { onLog: ctx.onLog } : {}),
        ...(ctx.onElicitationComplete !== undefined
          ? { onElicitationComplete: ctx.onElicitationComplete }
          : {}),
        ...(ctx.onServerRequest !== undefined ? { onServerRequest: ctx.onServerRequest } : {}),
        ...(ctx.input !== undefined ? { input: ctx.input } : {}),
        ...(ctx.callerEra !== undefined ? { callerEra: ctx.callerEra } : {}),
        ...(ctx.logLevel !== undefined ? { logLevel: ctx.logLevel } : {}),
      });
      return { result, outcome: { system, outcome: result.isError === true ? 'tool_error' : 'ok' } };
    }
    const extraHeaders = await callerHeaders(tool.system, ctx.principal, backends.credentials);
    const res = await backends.http.call({
      operation: tool.operation,
      system: tool.system,
      args,
      ...(ctx.signal !== undefined ? { signal: ctx.signal } : {}),
      ...(ctx.requestId !== undefined ? { requestId: ctx.requestId } : {}),
      ...(extraHeaders !== undefined ? { extraHeaders } : {}),
    });
    return {
      result: toolResultFromUpstream(tool, res),
      outcome: {
        system,
        upstreamStatus: res.status,
        upstreamMs: res.durationMs,
        outcome: res.status >= 200 && res.status < 300 ? 'ok' : 'upstream_error',
      },
    };
  } catch (err) {
    // A 2026-07-28 server's input-required answer goes to the caller (the MCP layer), not a
    // failure; so does the refusal of a retry's state (a JSON-RPC error, not a tool result).
    if (err instanceof UpstreamInputRequired || isPorticoError(err, 'request_state_expired')) throw err;
    // The server asks the user to open URLs first (-32042): an answer, not a failure. A caller
    // that takes -32042 gets it as it came (then retries); others a tool error naming the URLs.
    if (err instanceof UpstreamUrlElicitation) {
      const result = toolResultFromError(tool.name, err);
      return ctx.urlElicitation === true
        ? { result, error: err, outcome: { system, outcome: 'input_required' } }
        : { result, outcome: { system, outcome: 'tool_error' } };
    }
    const outcome = {
      system,
      outcome: 'upstream_error' as const,
      ...(isPorticoError(err) ? { upstreamError: err.code } : {}),
    };
    if (isPorticoError(err)) return { result: toolResultFromError(tool.name, err), outcome };
    logger.error({ err, tool: tool.name }, 'unexpected error executing a tool');
    return {
      result: toolResultFromError(
        tool.name,
        new PorticoError('internal', `Portico failed to call ${tool.name}: an internal error occurred.`),
      ),
      outcome,
    };
  }
}

/**
 * A task-augmented call: forwarded to a federated server that runs tools as tasks. Failures are
 * thrown (the caller gets a JSON-RPC error, since a task-augmented request answers with a task or
 * an error, never a tool result).
 */
export async function executeAsTask(
  backends: ToolBackends,
  tool: CatalogTool,
  args: Record<string, unknown>,
  ctx: CallContext,
  task: TaskMetadata,
): Promise<{ created: CreateTaskResult; server: string; outcome: RunOutcome }> {
  const callTask = backends.mcp?.callTask;
  if (tool.kind !== 'mcp' || callTask === undefined) {
    throw new PorticoError(
      'method_not_found',
      `Tool "${tool.name}" cannot run as a task: only tools of federated MCP servers that declare tasks do. Call it without params.task.`,
      { tool: tool.name },
    );
  }
  const result = await callTask(tool.server, tool.remoteName, args, {
    task,
    ...(ctx.signal !== undefined ? { signal: ctx.signal } : {}),
    ...(ctx.principal !== undefined ? { caller: ctx.principal } : {}),
  });
  return { created: result, server: tool.server, outcome: { system: tool.server, outcome: 'ok' } };
}
