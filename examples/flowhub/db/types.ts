/** Lifecycle state of a flow. */
export const FLOW_STATUSES = ['active', 'paused', 'failing'] as const;
export type FlowStatus = (typeof FLOW_STATUSES)[number];

/** Lifecycle state of a run. */
export const RUN_STATUSES = ['queued', 'running', 'success', 'failed'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

/** What started a run. */
export const RUN_TRIGGERS = ['scheduled', 'manual'] as const;
export type RunTrigger = (typeof RUN_TRIGGERS)[number];

/** Authentication state of a connector. */
export const AUTH_STATUSES = ['ok', 'expired', 'error'] as const;
export type AuthStatus = (typeof AUTH_STATUSES)[number];

/** Classes of per-record (and run-level) errors. */
export const ERROR_CLASSES = [
  'SchemaMismatch',
  'RateLimitExceeded',
  'AuthExpired',
  'DuplicateKey',
  'NullConstraintViolation',
  'Timeout',
] as const;
export type ErrorClass = (typeof ERROR_CLASSES)[number];

/** A connector is degraded at or above this share of its quota. */
export const QUOTA_DEGRADED_PERCENT = 90;

/** A tenant of FlowHub: owns connectors and flows (and through them runs, errors and mappings). */
export interface WorkspaceRow {
  id: number;
  slug: string;
  name: string;
  /** SHA-256 (hex) of the workspace's API key; the key itself is never stored. */
  api_key_hash: string;
  created_at: string;
}

export interface ConnectorRow {
  workspace_id: number;
  name: string;
  display_name: string;
  category: string;
  auth_status: AuthStatus;
  auth_expires_at: string | null;
  quota_used: number;
  quota_limit: number;
  quota_resets_at: string;
  last_poll_at: string | null;
  last_error: string | null;
}

export interface FlowRow {
  id: number;
  workspace_id: number;
  name: string;
  description: string;
  status: FlowStatus;
  source_connector: string;
  destination_connector: string;
  schedule: string;
  owner: string;
  created_at: string;
  last_run_at: string | null;
}

export interface MappingRow {
  id: number;
  flow_id: number;
  position: number;
  source_field: string;
  destination_field: string;
  transform: string | null;
  filter: string | null;
  validation: string | null;
}

export interface RunRow {
  id: string;
  flow_id: number;
  status: RunStatus;
  trigger: RunTrigger;
  queued_at: string;
  started_at: string | null;
  finished_at: string | null;
  records_processed: number;
  records_failed: number;
  error_class: ErrorClass | null;
  error_message: string | null;
}

export interface RunErrorRow {
  id: number;
  run_id: string;
  error_class: ErrorClass;
  message: string;
  payload_excerpt: string;
  record_id: string | null;
  occurred_at: string;
}
