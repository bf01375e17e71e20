export { createLogger, type Logger, type LoggerOptions, REDACT_PATHS, silentLogger } from './logger.js';
export { correlationId } from './request-id.js';
