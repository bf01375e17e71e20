import Database from 'better-sqlite3';

/** The FlowHub database handle (better-sqlite3). */
export type FlowHubDb = Database.Database;

const DDL = `
CREATE TABLE IF NOT EXISTS workspaces (
  id INTEGER PRIMARY KEY,
  slug TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  api_key_hash TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS connectors (
  workspace_id INTEGER NOT NULL REFERENCES workspaces(id),
  name TEXT NOT NULL,
  display_name TEXT NOT NULL,
  category TEXT NOT NULL,
  auth_status TEXT NOT NULL CHECK (auth_status IN ('ok', 'expired', 'error')),
  auth_expires_at TEXT,
  quota_used INTEGER NOT NULL,
  quota_limit INTEGER NOT NULL,
  quota_resets_at TEXT NOT NULL,
  last_poll_at TEXT,
  last_error TEXT,
  PRIMARY KEY (workspace_id, name)
);
CREATE TABLE IF NOT EXISTS flows (
  id INTEGER PRIMARY KEY,
  workspace_id INTEGER NOT NULL REFERENCES workspaces(id),
  name TEXT NOT NULL,
  description TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('active', 'paused', 'failing')),
  source_connector TEXT NOT NULL,
  destination_connector TEXT NOT NULL,
  schedule TEXT NOT NULL,
  owner TEXT NOT NULL,
  created_at TEXT NOT NULL,
  last_run_at TEXT,
  UNIQUE (workspace_id, name),
  FOREIGN KEY (workspace_id, source_connector) REFERENCES connectors(workspace_id, name),
  FOREIGN KEY (workspace_id, destination_connector) REFERENCES connectors(workspace_id, name)
);
CREATE TABLE IF NOT EXISTS field_mappings (
  id INTEGER PRIMARY KEY,
  flow_id INTEGER NOT NULL REFERENCES flows(id),
  position INTEGER NOT NULL,
  source_field TEXT NOT NULL,
  destination_field TEXT NOT NULL,
  transform TEXT,
  filter TEXT,
  validation TEXT
);
CREATE TABLE IF NOT EXISTS runs (
  id TEXT PRIMARY KEY,
  flow_id INTEGER NOT NULL REFERENCES flows(id),
  status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'success', 'failed')),
  trigger TEXT NOT NULL CHECK (trigger IN ('scheduled', 'manual')),
  queued_at TEXT NOT NULL,
  started_at TEXT,
  finished_at TEXT,
  records_processed INTEGER NOT NULL DEFAULT 0,
  records_failed INTEGER NOT NULL DEFAULT 0,
  error_class TEXT,
  error_message TEXT
);
CREATE TABLE IF NOT EXISTS run_errors (
  id INTEGER PRIMARY KEY,
  run_id TEXT NOT NULL REFERENCES runs(id),
  error_class TEXT NOT NULL,
  message TEXT NOT NULL,
  payload_excerpt TEXT NOT NULL,
  record_id TEXT,
  occurred_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS flows_workspace_status ON flows(workspace_id, status);
CREATE INDEX IF NOT EXISTS runs_flow_queued ON runs(flow_id, queued_at);
CREATE INDEX IF NOT EXISTS runs_queued ON runs(queued_at);
CREATE INDEX IF NOT EXISTS runs_status ON runs(status);
CREATE INDEX IF NOT EXISTS run_errors_run ON run_errors(run_id);
CREATE INDEX IF NOT EXISTS mappings_flow ON field_mappings(flow_id, position);
`;

/**
 * Opens (or creates) a FlowHub database and ensures the schema exists.
 * @param path a file path, or omitted / `:memory:` for an in-memory database.
 */
export function openFlowHubDb(path = ':memory:'): FlowHubDb {
  const db = new Database(path);
  try {
    rejectLegacySchema(db, path);
    if (path !== ':memory:') db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.exec(DDL);
  } catch (err) {
    db.close();
    throw err;
  }
  return db;
}

/** A database file from before workspaces existed cannot be upgraded in place (its data has no owner). */
function rejectLegacySchema(db: FlowHubDb, path: string): void {
  const flows = db.prepare(`SELECT name FROM pragma_table_info('flows')`).all() as { name: string }[];
  if (flows.length > 0 && !flows.some((c) => c.name === 'workspace_id')) {
    throw new Error(
      `FlowHub database '${path}' was created before workspaces existed (flows has no workspace_id column). ` +
        'Delete the file (FlowHub re-seeds a new one) or pass another --db path.',
    );
  }
}
