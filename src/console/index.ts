export { createConsole } from './app.js';
export { type ConsoleSession, ConsoleSessions, type ConsoleSessionsOptions } from './sessions.js';
export type { ConsoleEnv, ConsoleOptions, OperatorFacts, TryIt, TryItResult } from './types.js';
