import type { Era } from './era.js';
import type { ServerConnection } from './server-connection.js';
import type { FederatedServerStatus, FederationLogger } from './types.js';

/** How long a server that did not open in the other era is not asked again (5 minutes). */
export const OTHER_ERA_RETRY_MS = 5 * 60_000;

const REVISION: Record<Era, string> = { legacy: '2025-11-25', modern: '2026-07-28' };

export interface CallerRevisionDeps {
  logger: FederationLogger;
  /** A connection pinned to `era`, not started. */
  open(era: Era): ServerConnection;
  /** Added to log lines (server, tenant). */
  tag: Record<string, string>;
  /** Milliseconds before a server that did not open in the other era is tried again. */
  retryMs?: number;
  now?: () => number;
}

/**
 * A server connection for the callers of one protocol era, and — opened on the first call of a
 * caller of the other era (`match_caller_revision`) — a second connection pinned to that era, so
 * each caller reaches the server in its own revision: a 2025-11-25 caller's sampling, elicitation
 * and roots arrive as server requests on its call's stream, a 2026-07-28 caller's as the server's
 * own input-required results. Whenever the other connection is not connected (it is opening, it
 * dropped, or the server does not speak that era), the call goes to the primary connection, as
 * without the setting.
 */
export class CallerRevision {
  private other: ServerConnection | undefined;
  /** When the other era may be tried again after the server did not open in it. */
  private retryAt = 0;
  private opening: Promise<void> | undefined;
  private closed = false;

  constructor(
    readonly primary: ServerConnection,
    private readonly deps: CallerRevisionDeps,
  ) {}

  /** The connection for a caller of `era` (the primary one when `era` is unknown). */
  async pick(era: Era | undefined): Promise<ServerConnection> {
    const spoken = this.primary.era();
    if (era === undefined || spoken === undefined || spoken === era) return this.primary;
    const other = this.other;
    if (other !== undefined) return other.connected() ? other : this.primary;
    const now = (this.deps.now ?? Date.now)();
    if (now < this.retryAt) return this.primary;
    this.opening ??= this.openOther(era).finally(() => {
      this.opening = undefined;
    });
    await this.opening;
    return this.other?.connected() === true ? this.other : this.primary;
  }

  /** The other era's connection, when one is open (for its status and for requests it must own). */
  peekOther(): ServerConnection | undefined {
    return this.other;
  }

  /** The other connection's state, for the primary's status. */
  otherStatus(): FederatedServerStatus['otherRevision'] | undefined {
    const other = this.other?.status();
    if (other === undefined) return undefined;
    return {
      state: other.state,
      ...(other.protocolVersion !== undefined ? { protocolVersion: other.protocolVersion } : {}),
      ...(other.error !== undefined ? { error: other.error } : {}),
      ...(other.pid !== undefined ? { pid: other.pid } : {}),
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    const other = this.other;
    this.other = undefined;
    await Promise.all([this.primary.close(), other?.close()]);
  }

  private async openOther(era: Era): Promise<void> {
    const conn = this.deps.open(era);
    await conn.start();
    if (this.closed) return void (await conn.close());
    if (conn.connected()) {
      this.other = conn;
      this.deps.logger.info(
        { ...this.deps.tag, protocolVersion: conn.status().protocolVersion, pid: conn.status().pid },
        `opened a second connection to a federated MCP server for its ${REVISION[era]} callers (match_caller_revision)`,
      );
      return;
    }
    const { error } = conn.status();
    await conn.close();
    const retryMs = this.deps.retryMs ?? OTHER_ERA_RETRY_MS;
    this.retryAt = (this.deps.now ?? Date.now)() + retryMs;
    this.deps.logger.info(
      { ...this.deps.tag, error, retryInMs: retryMs },
      `a federated MCP server did not open in ${REVISION[era]}; its ${REVISION[era]} callers are served over the connection in the other revision`,
    );
  }
}
