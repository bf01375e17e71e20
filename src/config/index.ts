export { CONFIG_DEFAULTS } from './defaults.js';
export { ConfigError, type ConfigErrorCode, type ConfigIssue, formatConfigIssues } from './errors.js';
export type { Env } from './interpolate.js';
export { type LoadConfigOptions, loadConfig } from './load.js';
export { parseConfig } from './parse.js';
