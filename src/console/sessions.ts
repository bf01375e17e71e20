import { randomBytes } from 'node:crypto';
import type { UserRole } from '../store/index.js';

/** A signed-in console user (what every page checks). */
export interface ConsoleSession {
  /** Random 256-bit id (the cookie value). */
  id: string;
  userId: string;
  email: string;
  tenantId: string;
  role: UserRole;
  /** Synchronizer token every form and htmx request must carry. */
  csrf: string;
  lastSeen: number;
}

/** Options of {@link ConsoleSessions}. */
export interface ConsoleSessionsOptions {
  /** Idle time after which a session ends, in ms (default 30 minutes). */
  idleMs?: number;
  /** Most sessions kept (the least recently used is dropped beyond it; default 10,000). */
  max?: number;
  now?: () => number;
}

/**
 * Console sessions, in memory: a random id in an HttpOnly cookie maps to the user; idle expiry
 * (every request moves `lastSeen`), sign-out deletes the entry so a copied cookie stops working.
 * A restart signs everyone out.
 */
export class ConsoleSessions {
  private readonly sessions = new Map<string, ConsoleSession>();
  readonly idleMs: number;
  private readonly max: number;
  private readonly now: () => number;

  constructor(opts: ConsoleSessionsOptions = {}) {
    this.idleMs = opts.idleMs ?? 30 * 60_000;
    this.max = opts.max ?? 10_000;
    this.now = opts.now ?? Date.now;
  }

  /** Start a session for a user. */
  create(user: Pick<ConsoleSession, 'userId' | 'email' | 'tenantId' | 'role'>): ConsoleSession {
    const session: ConsoleSession = {
      ...user,
      id: randomBytes(32).toString('base64url'),
      csrf: randomBytes(24).toString('base64url'),
      lastSeen: this.now(),
    };
    if (this.sessions.size >= this.max) {
      const oldest = this.sessions.keys().next().value;
      if (oldest !== undefined) this.sessions.delete(oldest);
    }
    this.sessions.set(session.id, session);
    return session;
  }

  /** The live session with this id (its idle clock restarts), or undefined (unknown or idle too long). */
  touch(id: string | undefined): ConsoleSession | undefined {
    if (id === undefined) return undefined;
    const s = this.sessions.get(id);
    if (s === undefined) return undefined;
    const now = this.now();
    if (now - s.lastSeen > this.idleMs) {
      this.sessions.delete(id);
      return undefined;
    }
    s.lastSeen = now;
    // Keep the map in least-recently-used order for eviction.
    this.sessions.delete(id);
    this.sessions.set(id, s);
    return s;
  }

  /** End a session (sign-out). */
  end(id: string): void {
    this.sessions.delete(id);
  }

  /** End every session of a user (disabled, role changed, password reset). */
  endUser(userId: string): void {
    for (const [id, s] of this.sessions) if (s.userId === userId) this.sessions.delete(id);
  }
}
