import { type Logger, pino } from 'pino';

export type { Logger } from 'pino';

/** Options for {@link createLogger}. */
export interface LoggerOptions {
  level?: string;
  /** Pretty, human output (default: when stderr/stdout is a TTY). */
  pretty?: boolean;
  /** Where JSON lines go (default stdout); tests pass a stream to capture lines. */
  destination?: NodeJS.WritableStream;
}

/** Paths redacted in every log line, so secrets never reach logs. */
export const REDACT_PATHS = [
  'authorization',
  'headers.authorization',
  'headers.cookie',
  'headers["x-api-key"]',
  'req.headers.authorization',
  'req.headers.cookie',
  '*.token',
  '*.secret',
  '*.password',
  '*.client_secret',
  '*.clientSecret',
  'args',
];

/** Create the process logger: JSON lines (pretty on a TTY), secrets redacted. */
export function createLogger(opts: LoggerOptions = {}): Logger {
  const level = opts.level ?? process.env.PORTICO_LOG_LEVEL ?? 'info';
  const redact = { paths: REDACT_PATHS, censor: '[redacted]' };
  const pretty = opts.pretty ?? (opts.destination === undefined && process.stdout.isTTY === true);
  if (pretty) {
    return pino({
      level,
      redact,
      transport: {
        target: 'pino-pretty',
        options: { colorize: true, translateTime: 'HH:MM:ss.l', ignore: 'pid,hostname' },
      },
    });
  }
  return pino({ level, redact, base: { service: 'portico' } }, opts.destination ?? process.stdout);
}

/** A logger that drops everything (tests, benchmarks). */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
