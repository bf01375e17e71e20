export { createFlowHubApp, type FlowHubAppOptions } from './app.js';
export { type Clock, createClock } from './clock.js';
export {
  API_KEY_HEADER,
  AUTH_STATUSES,
  ERROR_CLASSES,
  FLOW_STATUSES,
  type FlowHubApiKeys,
  type FlowHubDb,
  type FlowHubWorkspace,
  generateApiKey,
  hashApiKey,
  issueApiKeys,
  openFlowHubDb,
  RUN_STATUSES,
  type SeedOptions,
  seedFlowHub,
  WORKSPACE_SEEDS,
  type WorkspaceSlug,
} from './db/index.js';
export { apiKeyOf } from './http/auth.js';
export { ApiError, type ApiErrorCode } from './http/errors.js';
export { flowhubConfigPath, flowhubOpenApiPath } from './paths.js';
export type { FlowHubEnv } from './routes/index.js';
export { type RunningFlowHub, type StartFlowHubOptions, startFlowHub } from './server.js';
export { type QueuedRun, SyncRunner, type SyncRunnerOptions } from './sync.js';
