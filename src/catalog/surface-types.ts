import type { JsonSchema, SurfaceKind } from '../spec/index.js';
import type { CatalogTool, OperationAnnotations, ToolExecutionInfo } from './types.js';

/** What a call to a published tool means. */
export type ToolRoute =
  /** `tools` surface: the published tool is one catalogue tool. */
  | { kind: 'direct'; tool: CatalogTool }
  /** `facade` surface: argument `operation` (an enum of the keys) picks the catalogue tool. */
  | { kind: 'facade'; operations: ReadonlyMap<string, CatalogTool> }
  /** `router` surface: arguments `provider` (and `instance` when several) pick the branch. */
  | { kind: 'router'; branches: readonly RouterBranch[] }
  /** `search` surface: `search_tools` (ranked lexical search over the view's tools). */
  | { kind: 'search' }
  /** `search` surface: `call_tool` (name + arguments, validated exactly as a direct call). */
  | { kind: 'call_tool' }
  /** A tool the gateway itself answers on every surface (`whoami`). */
  | { kind: 'builtin'; builtin: 'whoami' };

/** One provider/instance branch of a router tool. */
export interface RouterBranch {
  provider: string;
  instance?: string;
  tool: CatalogTool;
}

/** A tool as one view publishes it. */
export interface PublishedTool {
  name: string;
  title?: string;
  description: string;
  inputSchema: JsonSchema;
  outputSchema?: JsonSchema;
  /** A federated tool's `execution` (task support), on the `tools` surface. */
  execution?: ToolExecutionInfo;
  annotations: OperationAnnotations;
  route: ToolRoute;
}

/** The outcome of routing a call on a published tool to one catalogue tool. */
export type RoutedCall =
  | { ok: true; tool: CatalogTool; args: Record<string, unknown> }
  | { ok: false; message: string };

/** A view's selection rules (all given rules must match; empty lists match everything). */
export interface ViewSelection {
  /** Name globs a tool must match one of (default: all). */
  include: string[];
  /** Name globs that drop a tool (exclude wins). */
  exclude: string[];
  /** Owning systems / federated servers (default: all). */
  systems: string[];
  /** Tags a tool must carry one of (default: all). */
  tags: string[];
  /** true: only read-only tools; false: only tools that are not read-only; undefined: both. */
  readOnly?: boolean;
}

/** A named virtual server: a selection and a surface, served at `/mcp/{name}`. */
export interface ViewSpec extends ViewSelection {
  name: string;
  description?: string;
  surface: SurfaceKind;
  /** Cap on published tools (warning lists what was left out). */
  maxTools?: number;
}

/** A view built from the catalogue: its published tools sorted by name. */
export interface PublishedView {
  spec: ViewSpec;
  tools: PublishedTool[];
  byName: Map<string, PublishedTool>;
  /**
   * The catalogue tools reachable through this view, sorted by name: every selected tool for the
   * `search` surface (what `search_tools` searches and `call_tool` calls), else those its published
   * tools route to.
   */
  catalogTools: CatalogTool[];
  warnings: string[];
}
