/** Default PostgreSQL connections per replica. */
export const DEFAULT_POOL_SIZE = 10;

/** Options of {@link openPostgresStore}. */
export interface PostgresStoreOptions {
  /** `postgres://user:password@host:5432/database`. */
  url: string;
  /** Connections in the pool (default {@link DEFAULT_POOL_SIZE}). */
  poolSize?: number;
  /** Use this schema (created if missing) instead of the user's default `search_path` (tests). */
  schema?: string;
  /** Called with connection errors the pool recovers from (for logging). */
  onError?: (err: unknown) => void;
}
