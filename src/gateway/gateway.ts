import type { CallToolResult, Tool } from '@modelcontextprotocol/server';
import {
  type Catalog,
  type CatalogTool,
  closeMatches,
  createArgumentValidator,
  paginate,
} from '../catalog/index.js';
import { isPorticoError, PorticoError } from '../errors/index.js';
import type { Logger } from '../observability/index.js';
import type { UpstreamClient } from '../upstream/index.js';
import { invalidArgumentsResult, toolResultFromError, toolResultFromUpstream } from './tool-result.js';
import { toWireTool } from './wire-tool.js';

/** Per-call facts the edge wants to log (filled in as the call proceeds). */
export interface CallRecord {
  tool?: string;
  upstreamStatus?: number;
  outcome?: 'ok' | 'tool_error' | 'upstream_error' | 'invalid_arguments';
}

/** Context of one tools/call. */
export interface CallContext {
  signal?: AbortSignal;
  requestId?: string;
  record?: CallRecord;
}

interface CatalogState {
  catalog: Catalog;
  wire: Map<string, Tool>;
  validators: Map<string, ReturnType<typeof createArgumentValidator>>;
}

/**
 * The protocol-independent core: the current catalogue (swapped atomically on reload), argument
 * validation, the upstream call and the mapping of its outcome to an MCP tool result.
 */
export class Gateway {
  private state: CatalogState;

  constructor(
    catalog: Catalog,
    private readonly upstream: UpstreamClient,
    private readonly logger: Logger,
    private readonly pageSize = 100,
  ) {
    this.state = Gateway.prepare(catalog);
  }

  private static prepare(catalog: Catalog): CatalogState {
    const wire = new Map<string, Tool>();
    for (const t of catalog.tools) wire.set(t.name, toWireTool(t));
    return { catalog, wire, validators: new Map() };
  }

  /** The catalogue currently served. */
  get catalog(): Catalog {
    return this.state.catalog;
  }

  /** Atomically replace the catalogue (hot reload); in-flight calls finish on the old one. */
  replaceCatalog(catalog: Catalog): void {
    this.state = Gateway.prepare(catalog);
  }

  /** One page of tools in stable order; throws `invalid_cursor` for a bad cursor. */
  listTools(cursor?: string): { tools: Tool[]; nextCursor?: string } {
    const { catalog, wire } = this.state;
    const { page, nextCursor } = paginate(catalog.tools, cursor, this.pageSize);
    const tools = page.map((t) => wire.get(t.name)!);
    return nextCursor === undefined ? { tools } : { tools, nextCursor };
  }

  /** Look up a tool or throw `unknown_tool` naming close matches. */
  resolveTool(name: string): CatalogTool {
    const tool = this.state.catalog.byName.get(name);
    if (tool !== undefined) return tool;
    const near = closeMatches(name, [...this.state.catalog.byName.keys()]);
    const hint = near.length > 0 ? ` Did you mean ${near.map((n) => `"${n}"`).join(' or ')}?` : '';
    throw new PorticoError(
      'unknown_tool',
      `Unknown tool "${name}".${hint} Call tools/list to see every tool.`,
      {
        tool: name,
        suggestions: near,
      },
    );
  }

  /** Execute one tools/call. Upstream failures become isError results, never exceptions. */
  async callTool(
    name: string,
    args: Record<string, unknown> | undefined,
    ctx: CallContext = {},
  ): Promise<CallToolResult> {
    const tool = this.resolveTool(name);
    const record = ctx.record;
    if (record !== undefined) record.tool = tool.name;
    const input = args ?? {};
    const state = this.state;
    let validate = state.validators.get(tool.name);
    if (validate === undefined) {
      validate = createArgumentValidator(tool);
      state.validators.set(tool.name, validate);
    }
    const verdict = validate(input);
    if (!verdict.ok) {
      if (record !== undefined) record.outcome = 'invalid_arguments';
      return invalidArgumentsResult(tool, verdict.message);
    }
    try {
      const res = await this.upstream.call({
        operation: tool.operation,
        system: tool.system,
        args: input,
        ...(ctx.signal !== undefined ? { signal: ctx.signal } : {}),
        ...(ctx.requestId !== undefined ? { requestId: ctx.requestId } : {}),
      });
      if (record !== undefined) {
        record.upstreamStatus = res.status;
        record.outcome = res.status >= 200 && res.status < 300 ? 'ok' : 'upstream_error';
      }
      return toolResultFromUpstream(tool, res);
    } catch (err) {
      if (record !== undefined) record.outcome = 'upstream_error';
      if (isPorticoError(err)) return toolResultFromError(tool, err);
      this.logger.error({ err, tool: tool.name }, 'unexpected error calling upstream');
      return toolResultFromError(
        tool,
        new PorticoError('internal', `Portico failed to call ${tool.name}: an internal error occurred.`),
      );
    }
  }
}
