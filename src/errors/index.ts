export { ERROR_TABLE, type ErrorCode, errorMapping } from './codes.js';
export { isPorticoError, PorticoError } from './portico-error.js';
