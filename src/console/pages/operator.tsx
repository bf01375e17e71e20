import type { Hono } from 'hono';
import type { ConsoleSessions } from '../sessions.js';
import type { ConsoleEnv, ConsoleOptions } from '../types.js';

export function registerOperator(_app: Hono<ConsoleEnv>, _opts: ConsoleOptions, _s: ConsoleSessions): void {}
