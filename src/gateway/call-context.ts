/** Per-call facts the edge wants to log (filled in as the call proceeds). */
export interface CallRecord {
  tool?: string;
  upstreamStatus?: number;
  outcome?: 'ok' | 'tool_error' | 'upstream_error' | 'invalid_arguments';
}

/** A progress update for the caller (sent as `notifications/progress` when it asked for them). */
export interface ProgressUpdate {
  progress: number;
  total?: number;
  message?: string;
}

/** Context of one tools/call. */
export interface CallContext {
  signal?: AbortSignal;
  requestId?: string;
  record?: CallRecord;
  onProgress?: (p: ProgressUpdate) => void;
}
