export { createUpstreamClient } from './client.js';
export { upstreamErrorMessage } from './error-message.js';
export { ACCEPT, type BuildOptions, type BuiltRequest, buildRequest } from './request.js';
export type {
  UpstreamClient,
  UpstreamClientOptions,
  UpstreamLogger,
  UpstreamRequest,
  UpstreamResponse,
} from './types.js';
