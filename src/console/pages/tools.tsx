import type { Hono } from 'hono';
import type { ConsoleEnv, ConsoleOptions } from '../types.js';

export function registerTools(_app: Hono<ConsoleEnv>, _opts: ConsoleOptions): void {}
