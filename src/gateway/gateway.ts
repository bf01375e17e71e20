import type { Tool } from '@modelcontextprotocol/server';
import type { Principal } from '../auth/types.js';
import {
  type ArgumentValidator,
  type Catalog,
  type CatalogTool,
  createArgumentValidator,
  type HttpCatalogTool,
  type PublishedView,
  paginate,
} from '../catalog/index.js';
import { PorticoError } from '../errors/index.js';
import type { Logger } from '../observability/index.js';
import { DEFAULT_VIEW } from '../spec/index.js';
import { executeAsTask, executeTool, type ToolBackends } from './backends.js';
import type { CallContext, ToolRun } from './call-context.js';
import { callLongRunning } from './long-running.js';
import { type ResolvedCall, resolveCall } from './resolve-call.js';
import { invalidArgumentsResult } from './tool-result.js';
import { ViewRuntime } from './view-runtime.js';

/** One consistent catalogue revision: swapped as a whole on reload. */
interface GatewayState {
  revision: number;
  catalog: Catalog;
  views: Map<string, ViewRuntime>;
  /** Status tool of each long-running catalogue tool. */
  statusTools: Map<string, HttpCatalogTool>;
  validators: WeakMap<CatalogTool, ArgumentValidator>;
}

/** A catalogue and its views: the shared one, or one tenant's own. */
export interface ServedCatalog {
  catalog: Catalog;
  views: Map<string, PublishedView>;
}

/** Options for {@link Gateway}. */
export interface GatewayOptions extends ServedCatalog {
  backends: ToolBackends;
  logger: Logger;
  pageSize?: number;
  /**
   * A tenant's own catalogue (its `per_tenant` instances list other tools than the listing), or
   * undefined when it is served the shared one. Asked on every listing and call: keep it cheap and
   * return the same object while it holds.
   */
  tenantCatalog?(tenantId: string): ServedCatalog | undefined;
}

function statusToolsOf(catalog: Catalog): Map<string, HttpCatalogTool> {
  const out = new Map<string, HttpCatalogTool>();
  for (const t of catalog.tools) {
    const spec = t.kind === 'http' ? t.operation.longRunning : undefined;
    if (t.kind !== 'http' || spec === undefined) continue;
    const status = catalog.tools.find(
      (s): s is HttpCatalogTool =>
        s.kind === 'http' && s.owner === t.owner && s.baseName === spec.statusOperation,
    );
    if (status !== undefined) out.set(t.name, status);
  }
  return out;
}

/**
 * The protocol-independent core: the current catalogue and its views (swapped atomically on
 * reload), routing of published tools to catalogue tools, argument validation, long-running
 * operations, and execution through the backends.
 */
export class Gateway {
  private state: GatewayState;
  /** Prepared states of tenants' own catalogues (dropped with them). */
  private tenantStates = new WeakMap<ServedCatalog, GatewayState>();
  private readonly tenantCatalog: GatewayOptions['tenantCatalog'];
  private readonly backends: ToolBackends;
  private readonly logger: Logger;
  readonly pageSize: number;

  constructor(opts: GatewayOptions) {
    this.backends = opts.backends;
    this.tenantCatalog = opts.tenantCatalog;
    this.logger = opts.logger;
    this.pageSize = opts.pageSize ?? 100;
    this.state = Gateway.prepare(0, opts.catalog, opts.views);
  }

  private static prepare(
    revision: number,
    catalog: Catalog,
    views: Map<string, PublishedView>,
  ): GatewayState {
    const runtimes = new Map<string, ViewRuntime>();
    for (const [name, view] of views) runtimes.set(name, new ViewRuntime(view));
    return {
      revision,
      catalog,
      views: runtimes,
      statusTools: statusToolsOf(catalog),
      validators: new WeakMap(),
    };
  }

  /** Resources, prompts and completions of federated servers, when any are federated. */
  get mcpFeatures(): ToolBackends['mcpFeatures'] {
    return this.backends.mcpFeatures;
  }

  /** The catalogue currently served. */
  get catalog(): Catalog {
    return this.state.catalog;
  }

  /** Increments on every successful reload. */
  get revision(): number {
    return this.state.revision;
  }

  /** Names of the views served (the default view is `default`). */
  viewNames(): string[] {
    return [...this.state.views.keys()];
  }

  /** Atomically replace catalogue and views (hot reload); in-flight calls finish on the old ones. */
  replace(catalog: Catalog, views: Map<string, PublishedView>): void {
    this.state = Gateway.prepare(this.state.revision + 1, catalog, views);
    this.tenantStates = new WeakMap();
  }

  /** The state serving `tenantId`: its own catalogue's when it has one, else the shared one. */
  private stateFor(tenantId: string | undefined): GatewayState {
    const own = tenantId === undefined ? undefined : this.tenantCatalog?.(tenantId);
    if (own === undefined) return this.state;
    let state = this.tenantStates.get(own);
    if (state === undefined) {
      state = Gateway.prepare(this.state.revision, own.catalog, own.views);
      this.tenantStates.set(own, state);
    }
    return state;
  }

  /** The runtime of a view, or undefined when no such view exists. */
  view(name: string = DEFAULT_VIEW): ViewRuntime | undefined {
    return this.state.views.get(name);
  }

  private requireView(state: GatewayState, name: string): ViewRuntime {
    const view = state.views.get(name);
    if (view === undefined) throw new PorticoError('unknown_view', `Unknown view "${name}".`, { view: name });
    return view;
  }

  /**
   * One page of a view's tools in stable order, as `principal` sees them (its tenant's own
   * catalogue when it has one); throws `invalid_cursor` for a bad cursor.
   */
  listTools(
    viewName: string,
    cursor?: string,
    limit?: number,
    principal?: Principal,
  ): { tools: Tool[]; nextCursor?: string } {
    const view = this.requireView(this.stateFor(principal?.tenantId), viewName);
    const size = Math.max(1, Math.min(limit ?? this.pageSize, this.pageSize * 10));
    const { page, nextCursor } = paginate(view.tools, cursor, size);
    const wire = view.wireFor(principal);
    const tools = page.map((t) => wire.get(t.name)!);
    return nextCursor === undefined ? { tools } : { tools, nextCursor };
  }

  /**
   * Resolve one tools/call of `name` with `args` on a view once, on the catalogue revision serving
   * `tenantId` now (its own catalogue when it has one): the scope it needs, the catalogue tool it
   * runs, and `execute`, which runs it there and returns the result with what the call did.
   */
  resolveCall(
    viewName: string,
    name: string,
    args: Record<string, unknown> = {},
    tenantId?: string,
  ): ResolvedCall {
    const state = this.stateFor(tenantId);
    return resolveCall(
      viewName,
      state.views.get(viewName),
      name,
      args,
      (tool, a, ctx) => this.run(state, tool, a, ctx),
      (tool, a, ctx, task) => {
        const verdict = this.validator(state, tool)(a);
        if (!verdict.ok) {
          throw new PorticoError('invalid_arguments', verdict.message, { tool: tool.name });
        }
        return executeAsTask(this.backends, tool, a, ctx, task);
      },
    );
  }

  private validator(state: GatewayState, tool: CatalogTool): ArgumentValidator {
    let validate = state.validators.get(tool);
    if (validate === undefined) {
      validate = createArgumentValidator(tool, {
        name: tool.name,
        warn: (fields, message) => this.logger.warn(fields, message),
      });
      state.validators.set(tool, validate);
    }
    return validate;
  }

  /** Validate and execute one catalogue tool (long-running aware). */
  private async run(
    state: GatewayState,
    tool: CatalogTool,
    args: Record<string, unknown>,
    ctx: CallContext,
  ): Promise<ToolRun> {
    const verdict = this.validator(state, tool)(args);
    if (!verdict.ok) {
      return {
        result: invalidArgumentsResult(tool.name, verdict.message),
        outcome: { outcome: 'invalid_arguments' },
      };
    }
    const statusTool = state.statusTools.get(tool.name);
    if (tool.kind === 'http' && tool.operation.longRunning !== undefined && statusTool !== undefined) {
      return callLongRunning(tool, tool.operation.longRunning, statusTool, args, ctx, (t, a, c) =>
        executeTool(this.backends, this.logger, t, a, c),
      );
    }
    return executeTool(this.backends, this.logger, tool, args, ctx);
  }
}
