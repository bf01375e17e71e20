export {
  executeAsTask,
  executeTool,
  type McpCaller,
  type McpFeatures,
  type McpRequestOptions,
  type McpTasks,
  type ToolBackends,
} from './backends.js';
export type {
  CallContext,
  CallExecution,
  CallOutcome,
  LogMessage,
  ProgressUpdate,
  RelayedRequest,
  RelayToClient,
  RunOutcome,
  TaskCreation,
  ToolRun,
  UpstreamInput,
} from './call-context.js';
export { type CredentialSource, callerHeaders } from './caller-headers.js';
export { Gateway, type GatewayOptions } from './gateway.js';
export { callLongRunning, readPath } from './long-running.js';
export { canCall, publishedPermission, viewPermissions } from './permissions.js';
export type { ResolvedCall, RunCatalogTool } from './resolve-call.js';
export { invalidArgumentsResult, toolResultFromError, toolResultFromUpstream } from './tool-result.js';
export { INVOCABLE_META, PERMISSION_META, ViewRuntime } from './view-runtime.js';
export { WHOAMI, whoamiResult, whoamiTool } from './whoami.js';
export { toWireTool } from './wire-tool.js';
