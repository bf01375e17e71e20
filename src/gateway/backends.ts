import type {
  CallToolResult,
  CompleteRequestParams,
  CompleteResult,
  GetPromptResult,
  Prompt,
  ReadResourceResult,
  Resource,
  ResourceTemplateType,
} from '@modelcontextprotocol/server';
import type { Principal } from '../auth/types.js';
import type { CatalogTool } from '../catalog/index.js';
import { isPorticoError, PorticoError } from '../errors/index.js';
import type { Logger } from '../observability/index.js';
import type { UpstreamClient } from '../upstream/index.js';
import type { CallContext, RelayToClient, ToolRun } from './call-context.js';
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
      onServerRequest?: CallContext['onServerRequest'];
      caller?: Principal;
    },
  ): Promise<CallToolResult>;
}

/** Options of a federated request other than tools/call. */
export interface McpRequestOptions {
  signal?: AbortSignal;
  caller?: Principal;
  /** Relays the server's sampling/elicitation/roots requests during prompts/get and resources/read. */
  onServerRequest?: RelayToClient;
}

/**
 * What federated servers offer besides tools (implemented by `federation/`): resources and
 * templates under `portico:<server>/` URIs, prompts named `<server>.<name>`, completions.
 */
export interface McpFeatures {
  features(): {
    resources: boolean;
    prompts: boolean;
    completions: boolean;
    logging: boolean;
    /** Some server takes resource subscriptions. */
    subscribe?: boolean;
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
        ...(ctx.onServerRequest !== undefined ? { onServerRequest: ctx.onServerRequest } : {}),
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
