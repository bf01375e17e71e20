export { createLogger, type Logger, type LoggerOptions, REDACT_PATHS, silentLogger } from './logger.js';
export { LATENCY_BUCKETS, Metrics, type MetricsOptions, OTHER_LABEL } from './metrics.js';
export { hasProtocol, redactUrlPassword } from './redact-url.js';
export { correlationId } from './request-id.js';
