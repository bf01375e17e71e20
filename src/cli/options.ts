import { resolve } from 'node:path';
import type { CliIo } from './io.js';

/** Resolved common options of `serve` and `demo`. */
export interface CommonOptions {
  host: string;
  port: number;
  dataDir: string;
  logLevel: string;
}

/** Parse a port number option, exiting with a clear message when it is not one. */
export function parsePort(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) {
    throw new Error(`Invalid port "${value}": expected a whole number from 0 to 65535.`);
  }
  return n;
}

/** Flags first, then PORTICO_* environment variables, then defaults. */
export function resolveCommon(
  flags: {
    host?: string;
    port?: string;
    dataDir?: string;
    logLevel?: string;
  },
  io: Pick<CliIo, 'env' | 'cwd'>,
): CommonOptions {
  const { env } = io;
  return {
    host: flags.host ?? env.PORTICO_HOST ?? '127.0.0.1',
    port: parsePort(flags.port ?? env.PORTICO_PORT ?? '8787'),
    dataDir: resolve(io.cwd, flags.dataDir ?? env.PORTICO_DATA_DIR ?? '.portico'),
    logLevel: flags.logLevel ?? env.PORTICO_LOG_LEVEL ?? 'info',
  };
}

/** The config file: `-c`, else PORTICO_CONFIG, else ./portico.yaml. */
export function resolveConfigFile(flag: string | undefined, io: Pick<CliIo, 'env' | 'cwd'>): string {
  return resolve(io.cwd, flag ?? io.env.PORTICO_CONFIG ?? 'portico.yaml');
}
