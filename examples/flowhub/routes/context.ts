import type { Clock } from '../clock.js';
import type { FlowHubDb } from '../db/index.js';
import type { SyncRunner } from '../sync.js';

/** What every route module needs. */
export interface RouteContext {
  db: FlowHubDb;
  clock: Clock;
  sync: SyncRunner;
}
