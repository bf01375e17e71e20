import type { Context } from 'hono';
import type { Clock } from '../clock.js';
import type { FlowHubDb, WorkspaceRow } from '../db/index.js';
import type { SyncRunner } from '../sync.js';

/** What every route module needs. */
export interface RouteContext {
  db: FlowHubDb;
  clock: Clock;
  sync: SyncRunner;
}

/** Hono environment of the API: the authenticated caller's workspace is set on every `/api` request. */
export interface FlowHubEnv {
  Variables: { workspace: WorkspaceRow };
}

/** The authenticated caller's workspace (set by the API-key middleware). */
export function workspaceOf(c: Context<FlowHubEnv>): WorkspaceRow {
  return c.get('workspace');
}
