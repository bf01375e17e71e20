/** The MCP log levels, least severe first. */
export const LOG_LEVELS = [
  'debug',
  'info',
  'notice',
  'warning',
  'error',
  'critical',
  'alert',
  'emergency',
] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Most sessions whose level is remembered (the oldest is forgotten past it). */
export const MAX_SESSION_LOG_LEVELS = 10_000;

/** Whether a message at `level` may reach a session that asked for `min` (none asked: yes). */
export function atLeast(level: string, min: LogLevel | undefined): boolean {
  if (min === undefined) return true;
  const rank = LOG_LEVELS.indexOf(level as LogLevel);
  return rank === -1 || rank >= LOG_LEVELS.indexOf(min);
}

/**
 * The level each 2025-11-25 session asked for with `logging/setLevel` on this replica. Stateless
 * sessions never announce their end, so the map is bounded: past {@link MAX_SESSION_LOG_LEVELS}
 * sessions the one that set its level longest ago is forgotten (it then gets what the server sends).
 */
export class SessionLogLevels {
  private readonly sessions = new Map<string, { tenant: string; level: LogLevel }>();
  private readonly tenants = new Map<string, Map<string, LogLevel>>();

  constructor(private readonly max = MAX_SESSION_LOG_LEVELS) {}

  set(session: string, tenant: string, level: LogLevel): void {
    this.forget(session);
    this.sessions.set(session, { tenant, level });
    const levels = this.tenants.get(tenant) ?? new Map<string, LogLevel>();
    this.tenants.set(tenant, levels);
    levels.set(session, level);
    if (this.sessions.size > this.max) {
      const oldest = this.sessions.keys().next().value;
      if (oldest !== undefined) this.forget(oldest);
    }
  }

  /** The level `session` asked for here, if it did. */
  get(session: string): LogLevel | undefined {
    return this.sessions.get(session)?.level;
  }

  /** session → level of the tenant's sessions that asked here. */
  forTenant(tenant: string): Record<string, LogLevel> {
    return Object.fromEntries(this.tenants.get(tenant) ?? []);
  }

  private forget(session: string): void {
    const known = this.sessions.get(session);
    if (known === undefined) return;
    this.sessions.delete(session);
    const levels = this.tenants.get(known.tenant);
    levels?.delete(session);
    if (levels?.size === 0) this.tenants.delete(known.tenant);
  }
}
