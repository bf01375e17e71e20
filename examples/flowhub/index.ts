export { createFlowHubApp, type FlowHubAppOptions } from './app.js';
export { type Clock, createClock } from './clock.js';
export {
  AUTH_STATUSES,
  ERROR_CLASSES,
  FLOW_STATUSES,
  type FlowHubDb,
  openFlowHubDb,
  RUN_STATUSES,
  type SeedOptions,
  seedFlowHub,
} from './db/index.js';
export { ApiError, type ApiErrorCode } from './http/errors.js';
export { flowhubConfigPath, flowhubOpenApiPath } from './paths.js';
export { type RunningFlowHub, type StartFlowHubOptions, startFlowHub } from './server.js';
export { type QueuedRun, SyncRunner, type SyncRunnerOptions } from './sync.js';
