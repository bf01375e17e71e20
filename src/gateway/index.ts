export { executeTool, type McpCaller, type ToolBackends } from './backends.js';
export type { CallContext, CallRecord, ProgressUpdate } from './call-context.js';
export { Gateway, type GatewayOptions } from './gateway.js';
export { callLongRunning, readPath } from './long-running.js';
export { invalidArgumentsResult, toolResultFromError, toolResultFromUpstream } from './tool-result.js';
export { ViewRuntime } from './view-runtime.js';
export { toWireTool } from './wire-tool.js';
