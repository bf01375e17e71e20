import type { TaskMetadata } from '@modelcontextprotocol/server';
import type { Scope } from '../auth/types.js';
import { type CatalogTool, routeCall } from '../catalog/index.js';
import { PorticoError } from '../errors/index.js';
import { closeMatches, didYouMeanAny } from '../suggest/index.js';
import type { CallContext, CallExecution, RunOutcome, TaskCreation, ToolRun } from './call-context.js';
import { searchToolsResult } from './search-tools.js';
import { invalidArgumentsResult } from './tool-result.js';
import type { ViewRuntime } from './view-runtime.js';
import { whoamiResult } from './whoami.js';

/**
 * One tools/call resolved once, before it runs: the scope the caller needs, the catalogue tool it
 * runs (when it can be told) and how to run it.
 */
export interface ResolvedCall {
  /**
   * The scope the caller needs: none for `whoami`; `mcp.tools.write` when it runs a tool that is not
   * read-only; `mcp.tools.invoke` otherwise (unknown tools and unroutable arguments included: the
   * call then answers with the gateway's own error).
   */
  readonly requiredScope: Scope | undefined;
  /** The catalogue tool it runs, when that can be told from the arguments. */
  readonly target?: string;
  /**
   * Run it: the result and what the call did (for audit, metrics and the request log). Upstream
   * failures become isError results; an unknown tool or view throws a `PorticoError`.
   */
  execute(ctx?: CallContext): Promise<CallExecution>;
  /**
   * Run it as a task (2025-11-25 task-augmented tools/call): a federated server's task, or a
   * thrown `PorticoError` (`method_not_found` for a tool that cannot run as a task,
   * `invalid_arguments` naming the fields) — never a tool result.
   */
  executeAsTask(task: TaskMetadata, ctx?: CallContext): Promise<TaskCreation>;
}

/** Validates one catalogue tool's arguments and starts it as a task on its federated server. */
export type RunCatalogTask = (
  tool: CatalogTool,
  args: Record<string, unknown>,
  ctx: CallContext,
  task: TaskMetadata,
) => Promise<{ created: TaskCreation['created']; server: string; outcome: RunOutcome }>;

/** Validates and runs one catalogue tool (what the gateway's backends do). */
export type RunCatalogTool = (
  tool: CatalogTool,
  args: Record<string, unknown>,
  ctx: CallContext,
) => Promise<ToolRun>;

const scopeOf = (tool: CatalogTool): Scope =>
  tool.annotations.readOnly ? 'mcp.tools.invoke' : 'mcp.tools.write';

/** A call that fails before running anything: `fail` is thrown by `execute`. */
function refused(fail: () => PorticoError): ResolvedCall {
  return {
    requiredScope: 'mcp.tools.invoke',
    execute: () => Promise.reject(fail()),
    executeAsTask: () => Promise.reject(fail()),
  };
}

/** Why `tool` (answered by the gateway itself) cannot run as a task. */
function notATask(tool: string): PorticoError {
  return new PorticoError(
    'method_not_found',
    `Tool "${tool}" cannot run as a task: only tools of federated MCP servers that declare tasks do. Call it without params.task.`,
    { tool },
  );
}

/**
 * A call the gateway answers itself (`whoami`, `search_tools`, argument errors), recorded as `tool`:
 * `ok`, or `invalid_arguments` for an error result.
 */
function answered(
  requiredScope: Scope | undefined,
  tool: string,
  answer: (ctx: CallContext) => CallExecution['result'],
  target?: string,
): ResolvedCall {
  return {
    requiredScope,
    ...(target !== undefined ? { target } : {}),
    execute: async (ctx = {}) => {
      const result = answer(ctx);
      return { result, outcome: { tool, outcome: result.isError === true ? 'invalid_arguments' : 'ok' } };
    },
    executeAsTask: async (_task, ctx = {}) => {
      const result = answer(ctx);
      if (result.isError !== true) throw notATask(tool);
      const text = result.content.map((c) => (c.type === 'text' ? c.text : '')).join(' ');
      throw new PorticoError('invalid_arguments', text, { tool });
    },
  };
}

/** A call that runs catalogue tool `target` with `args` (recorded as `tool`). */
function running(
  tool: string,
  target: CatalogTool,
  args: Record<string, unknown>,
  run: RunCatalogTool,
  runTask: RunCatalogTask | undefined,
): ResolvedCall {
  return {
    requiredScope: scopeOf(target),
    target: target.name,
    execute: async (ctx = {}) => {
      const { result, outcome, error } = await run(target, args, ctx);
      return { result, outcome: { tool, ...outcome }, ...(error !== undefined ? { error } : {}) };
    },
    executeAsTask: async (task, ctx = {}) => {
      if (runTask === undefined) throw notATask(target.name);
      const { created, server, outcome } = await runTask(target, args, ctx, task);
      return { created, server, outcome: { tool, ...outcome } };
    },
  };
}

/** The `unknown_tool` error with close matches among `names`. */
export function unknownTool(name: string, names: string[]): PorticoError {
  const near = closeMatches(name, names);
  const hint = didYouMeanAny(near);
  return new PorticoError(
    'unknown_tool',
    `Unknown tool "${name}".${hint} Call tools/list to see every tool.`,
    { tool: name, suggestions: near },
  );
}

/** Resolve a tools/call of `name` with `args` on `view` (or `unknown_view` when there is none). */
export function resolveCall(
  viewName: string,
  view: ViewRuntime | undefined,
  name: string,
  args: Record<string, unknown>,
  run: RunCatalogTool,
  runTask?: RunCatalogTask,
): ResolvedCall {
  if (view === undefined) {
    return refused(() => new PorticoError('unknown_view', `Unknown view "${viewName}".`, { view: viewName }));
  }
  const published = view.tool(name);
  if (published === undefined) {
    return refused(() =>
      unknownTool(
        name,
        view.tools.map((t) => t.name),
      ),
    );
  }
  switch (published.route.kind) {
    case 'builtin':
      return answered(undefined, name, (ctx) => whoamiResult(view, ctx.principal));
    case 'search':
      return answered('mcp.tools.invoke', name, () => searchToolsResult(view, args));
    case 'call_tool': {
      const target = typeof args.name === 'string' ? view.catalogTools.get(args.name) : undefined;
      if (target === undefined) {
        const near =
          typeof args.name === 'string' ? closeMatches(args.name, [...view.catalogTools.keys()]) : [];
        const hint = didYouMeanAny(near);
        const message = `"name" must be a tool name returned by search_tools (got ${JSON.stringify(args.name)}).${hint}`;
        return answered('mcp.tools.invoke', name, () => invalidArgumentsResult(name, message));
      }
      const inner = args.arguments ?? {};
      if (inner === null || typeof inner !== 'object' || Array.isArray(inner)) {
        const message = '"arguments" must be an object of the tool\'s arguments.';
        return answered(scopeOf(target), name, () => invalidArgumentsResult(name, message), target.name);
      }
      return running(`${name}:${target.name}`, target, inner as Record<string, unknown>, run, runTask);
    }
    default: {
      const routed = routeCall(published, args);
      if (!routed.ok) {
        const message = routed.message;
        return answered('mcp.tools.invoke', name, () => invalidArgumentsResult(name, message));
      }
      return running(name, routed.tool, routed.args, run, runTask);
    }
  }
}
