import type { Hono } from 'hono';
import type { ConsoleEnv, ConsoleOptions } from '../types.js';

export function registerActivity(_app: Hono<ConsoleEnv>, _opts: ConsoleOptions): void {}
