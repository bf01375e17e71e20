/** A loaded catalogue revision, recorded on every (re)load. */
export interface CatalogRevision {
  id: number;
  loadedAt: Date;
  configFile: string;
  /** SHA-256 of the config text (never the text itself: it may hold secrets). */
  configHash: string;
  toolCount: number;
}

export interface NewCatalogRevision {
  configFile: string;
  configHash: string;
  toolCount: number;
}

/**
 * Persistence behind Portico. One interface, several implementations (SQLite now; PostgreSQL
 * for scale-out), all run against the same contract test suite. Callers never see SQL.
 */
export interface Store {
  /** Which implementation this is (`sqlite`, `postgres`). */
  readonly kind: string;
  /** Apply pending migrations; idempotent. */
  migrate(): Promise<void>;
  /** Record a catalogue revision and return it with its id. */
  recordCatalogRevision(rev: NewCatalogRevision): Promise<CatalogRevision>;
  /** Most recent revisions first. */
  listCatalogRevisions(limit?: number): Promise<CatalogRevision[]>;
  /** Read a setting (small key/value state such as the instance id). */
  getSetting(key: string): Promise<string | undefined>;
  setSetting(key: string, value: string): Promise<void>;
  /** Cheap liveness probe. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}
