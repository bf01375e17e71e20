export { type CallContext, type CallRecord, Gateway } from './gateway.js';
export { invalidArgumentsResult, toolResultFromError, toolResultFromUpstream } from './tool-result.js';
export { toWireTool } from './wire-tool.js';
