export { ERROR_TABLE, type ErrorCode, errorMapping } from './codes.js';
export { isPorticoError, PorticoError } from './portico-error.js';
export { type UpstreamInputRequest, UpstreamInputRequired } from './upstream-input.js';
export { UpstreamUrlElicitation, type UrlElicitation } from './url-elicitation.js';
