import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';

/** Latency buckets (seconds) for a gateway: 0.5 ms to 10 s. */
export const LATENCY_BUCKETS = [
  0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
];

/** Label value used once a label has seen too many distinct values (bounds series cardinality). */
export const OTHER_LABEL = '_other';

/**
 * Caps the distinct values of one label: callers may pass client-chosen strings (an unknown
 * JSON-RPC method, an unknown tool name), which must not grow the series count without bound.
 */
class LabelCap {
  private readonly seen = new Set<string>();
  private readonly known: ReadonlySet<string>;
  constructor(
    private readonly max: number,
    known: readonly string[] = [],
  ) {
    this.known = new Set(known);
  }

  value(v: string): string {
    if (this.known.has(v) || this.seen.has(v)) return v;
    if (this.seen.size >= this.max || v.length > 200) return OTHER_LABEL;
    this.seen.add(v);
    return v;
  }
}

/** MCP methods always reported by name (other method names share a small capped set). */
const MCP_METHODS = [
  'initialize',
  'ping',
  'tools/list',
  'tools/call',
  'resources/list',
  'resources/read',
  'resources/templates/list',
  'resources/subscribe',
  'resources/unsubscribe',
  'prompts/list',
  'prompts/get',
  'completion/complete',
  'logging/setLevel',
  'subscriptions/listen',
  'notifications/initialized',
  'notifications/cancelled',
  'notifications/progress',
  'notifications/roots/list_changed',
];

/** Options of {@link Metrics}. */
export interface MetricsOptions {
  /** Also collect the process metrics (CPU, memory, event loop, GC); default true. */
  collectDefault?: boolean;
}

/** Prometheus metrics of one gateway, in their own registry (never the global one). */
export class Metrics {
  readonly registry: Registry;
  private readonly requests: Counter<'method' | 'tool' | 'outcome'>;
  private readonly requestDuration: Histogram<'method'>;
  private readonly upstreamDuration: Histogram<'system' | 'status_class'>;
  private readonly upstreamErrors: Counter<'system' | 'reason'>;
  private readonly limitRejections: Counter<'limit'>;
  private readonly authFailures: Counter<'reason'>;
  private readonly auditReplaced: Counter;
  private readonly auditDropped: Counter<'reason'>;
  private readonly caps = {
    method: new LabelCap(32, MCP_METHODS),
    tool: new LabelCap(2_000),
    outcome: new LabelCap(32),
    system: new LabelCap(256),
    reason: new LabelCap(64),
    authReason: new LabelCap(32),
    limit: new LabelCap(32),
  };

  constructor(opts: MetricsOptions = {}) {
    this.registry = new Registry();
    const registers = [this.registry];
    if (opts.collectDefault !== false) collectDefaultMetrics({ register: this.registry });
    this.requests = new Counter({
      name: 'portico_mcp_requests_total',
      help: 'MCP requests by JSON-RPC method, tool (empty unless tools/call) and outcome.',
      labelNames: ['method', 'tool', 'outcome'],
      registers,
    });
    this.requestDuration = new Histogram({
      name: 'portico_mcp_request_duration_seconds',
      help: 'MCP request duration in seconds, by JSON-RPC method.',
      labelNames: ['method'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.upstreamDuration = new Histogram({
      name: 'portico_upstream_request_duration_seconds',
      help: 'Upstream call duration in seconds, by system and status class (2xx…5xx, or error).',
      labelNames: ['system', 'status_class'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.upstreamErrors = new Counter({
      name: 'portico_upstream_errors_total',
      help: 'Failed upstream calls: a transport reason (timeout, unreachable, …) or http_<status> for 5xx.',
      labelNames: ['system', 'reason'],
      registers,
    });
    this.limitRejections = new Counter({
      name: 'portico_limit_rejections_total',
      help: 'Requests rejected by a rate limit or quota, by limit.',
      labelNames: ['limit'],
      registers,
    });
    this.authFailures = new Counter({
      name: 'portico_auth_failures_total',
      help: 'Failed authentications, by reason.',
      labelNames: ['reason'],
      registers,
    });
    this.auditReplaced = new Counter({
      name: 'portico_audit_values_replaced_total',
      help: 'Audited argument values replaced by a marker (nested too deep, too large, not JSON, refused by the store).',
      registers,
    });
    this.auditDropped = new Counter({
      name: 'portico_audit_rows_dropped_total',
      help: 'Audit rows not written: queue_full (the store could not keep up), unwritable, after_close.',
      labelNames: ['reason'],
      registers,
    });
  }

  /** Count audited values replaced by a marker. */
  auditValuesReplaced(n: number): void {
    if (n > 0) this.auditReplaced.inc(n);
  }

  /** Count audit rows that were not written, by reason. */
  auditRowsDropped(reason: 'queue_full' | 'unwritable' | 'after_close', n: number): void {
    if (n > 0) this.auditDropped.inc({ reason }, n);
  }

  /** Count one MCP request and observe its duration (`tool` is '' when undefined). */
  observeRequest(method: string, tool: string | undefined, outcome: string, seconds: number): void {
    const m = this.caps.method.value(method);
    this.requests.inc({
      method: m,
      tool: tool === undefined ? '' : this.caps.tool.value(tool),
      outcome: this.caps.outcome.value(outcome),
    });
    const s = duration(seconds);
    if (s !== undefined) this.requestDuration.observe({ method: m }, s);
  }

  /** Observe one upstream call; a string status is a transport failure reason. */
  observeUpstream(system: string, status: number | string, seconds: number): void {
    const sys = this.caps.system.value(system);
    const s = duration(seconds);
    if (s !== undefined) this.upstreamDuration.observe({ system: sys, status_class: statusClass(status) }, s);
    if (typeof status === 'string') {
      this.upstreamErrors.inc({ system: sys, reason: this.caps.reason.value(status) });
    } else if (status >= 500) {
      this.upstreamErrors.inc({ system: sys, reason: this.caps.reason.value(`http_${Math.trunc(status)}`) });
    }
  }

  /** Count a request rejected by a limit (e.g. `token`, `tenant`, `quota`, `auth`). */
  limitRejected(limit: string): void {
    this.limitRejections.inc({ limit: this.caps.limit.value(limit) });
  }

  /** Count a failed authentication (e.g. `missing`, `invalid`, `throttled`). */
  authFailed(reason: string): void {
    this.authFailures.inc({ reason: this.caps.authReason.value(reason) });
  }

  /** The Prometheus text exposition of every metric of this instance. */
  render(): Promise<string> {
    return this.registry.metrics();
  }

  /** Content-Type of {@link render}'s output. */
  get contentType(): string {
    return this.registry.contentType;
  }
}

function duration(seconds: number): number | undefined {
  if (!Number.isFinite(seconds)) return undefined;
  return Math.max(0, seconds);
}

function statusClass(status: number | string): string {
  if (typeof status === 'string') return 'error';
  return status >= 100 && status < 600 ? `${Math.floor(status / 100)}xx` : 'other';
}
