import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { pino } from 'pino';
import { AuditLog } from '../audit/index.js';
import { AccessService } from '../auth/index.js';
import { CONFIG_DEFAULTS } from '../config/defaults.js';
import { loadConfig } from '../config/index.js';
import { PorticoError } from '../errors/index.js';
import { type Logger, REDACT_PATHS } from '../observability/index.js';
import { chooseStore, requireSharedKey, type StoreChoice, storeFactory } from '../runtime/index.js';
import { loadSecretKey, SecretBox, TenantSecrets } from '../secrets/index.js';
import type { PorticoConfig } from '../spec/index.js';
import { redactUrl, type Store } from '../store/index.js';
import type { CliContext } from './context.js';
import type { CliIo } from './io.js';
import { reportError } from './report-error.js';

/** The services the admin commands (`tenants`, `tokens`, `audit`) work with, over `<dataDir>/portico.db`. */
export interface CliServices {
  dataDir: string;
  /** `<dataDir>/portico.db`, or the PostgreSQL URL without its password. */
  dbFile: string;
  store: Store;
  access: AccessService;
  secrets: TenantSecrets;
  /** Where the secret key came from: `PORTICO_SECRET_KEY` or the key file (its path). */
  key: { source: 'env' | 'file'; file?: string };
  audit: AuditLog;
  /** Flush and close everything (idempotent). */
  close(): Promise<void>;
}

/** The data dir exactly as `serve` resolves it: `--data-dir`, else `PORTICO_DATA_DIR`, else `./.portico`. */
export function resolveDataDir(flag: string | undefined, io: Pick<CliIo, 'env' | 'cwd'>): string {
  return resolve(io.cwd, flag ?? io.env.PORTICO_DATA_DIR ?? '.portico');
}

/** Add `--data-dir <dir>`, `--database-url <url>` and `--config <file>` (same meaning as for `serve`). */
export function addDataDirOption(cmd: Command): Command {
  return cmd
    .option('--data-dir <dir>', 'where portico.db lives (env PORTICO_DATA_DIR, default ./.portico)')
    .option('--database-url <url>', 'postgres://… : the PostgreSQL store (env PORTICO_DATABASE_URL)')
    .option(
      '--config <file>',
      'read store.url from this config (default $PORTICO_CONFIG, or ./portico.yaml when present)',
    );
}

/** Flags of the store-opening commands. */
export interface StoreFlags {
  dataDir?: string;
  databaseUrl?: string;
  config?: string;
}

/**
 * Where the admin commands find the store, exactly as `serve` does: `--database-url`, else
 * `PORTICO_DATABASE_URL`, else `store.url` of the config file (`--config`, `PORTICO_CONFIG`, or
 * `./portico.yaml` when it exists), else `<dataDir>/portico.db`.
 */
export async function resolveStoreChoice(
  flags: StoreFlags,
  io: Pick<CliIo, 'env' | 'cwd'>,
  logger: Logger,
): Promise<StoreChoice> {
  const { env } = io;
  const dataDir = resolveDataDir(flags.dataDir, io);
  const direct = chooseStore(dataDir, flags.databaseUrl, env);
  if (direct.databaseUrl !== undefined) return direct;
  const config = await loadOptionalConfig(flags.config, io, logger);
  return config === undefined ? direct : chooseStore(dataDir, undefined, env, config);
}

/**
 * The config of `--config` (its errors are the command's), else of `PORTICO_CONFIG` or
 * `./portico.yaml` when present: those are only consulted for their `store`/`redis` settings, so
 * one that does not load (e.g. a variable only `serve` has) is skipped with a warning.
 */
export async function loadOptionalConfig(
  flag: string | undefined,
  io: Pick<CliIo, 'env' | 'cwd'>,
  logger: Logger,
): Promise<PorticoConfig | undefined> {
  const { env } = io;
  if (flag !== undefined) return loadConfig(resolve(io.cwd, flag), { env });
  const fromEnv = env.PORTICO_CONFIG?.trim();
  const file = resolve(io.cwd, fromEnv === undefined || fromEnv === '' ? 'portico.yaml' : fromEnv);
  if (!existsSync(file)) return undefined;
  try {
    return await loadConfig(file, { env });
  } catch (err) {
    logger.warn(
      `not using ${file} for store/redis settings: it does not load (${(err as Error).message.split('\n')[0]}); pass --config to see why`,
    );
    return undefined;
  }
}

/**
 * Open the SQLite store at `<dataDir>/portico.db` (the one `serve` uses; safe while it runs) and the
 * secret key (`PORTICO_SECRET_KEY` or `<dataDir>/secret.key`), and build the services over them.
 */
export async function openServices(opts: {
  dataDir: string;
  env: Record<string, string | undefined>;
  logger: Logger;
  /** The store to open (default the data dir's SQLite file). */
  choice?: StoreChoice;
}): Promise<CliServices> {
  const { logger, env } = opts;
  const choice = opts.choice ?? { dataDir: opts.dataDir };
  const dbFile =
    choice.databaseUrl !== undefined ? redactUrl(choice.databaseUrl) : join(opts.dataDir, 'portico.db');
  requireSharedKey(choice, env);
  const { key, source, file } = await loadSecretKey({
    env,
    dataDir: opts.dataDir,
    logger,
  });
  const store = await storeFactory(choice)({ key, source }, logger);
  try {
    const access = new AccessService(store, { logger });
    const secrets = new TenantSecrets(store, new SecretBox(key));
    const audit = new AuditLog(store, { logger, retentionDays: CONFIG_DEFAULTS.auditRetentionDays });
    let closing: Promise<void> | undefined;
    return {
      dataDir: opts.dataDir,
      dbFile,
      store,
      access,
      secrets,
      key: { source, ...(file !== undefined ? { file } : {}) },
      audit,
      close() {
        closing ??= (async () => {
          try {
            await audit.close();
            await access.close();
          } finally {
            await store.close();
          }
        })();
        return closing;
      },
    };
  } catch (err) {
    await store.close();
    throw err;
  }
}

/** Logger of the admin commands: `note:`/`warning:` lines on `stderr`, so stdout stays clean for `--json`. */
export function cliLogger(stderr: CliIo['stderr']): Logger {
  const labels: Record<number, string> = { 30: 'note', 40: 'warning', 50: 'error', 60: 'error' };
  return pino(
    {
      level: 'info',
      base: undefined,
      timestamp: false,
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    },
    {
      write(line: string) {
        try {
          const entry = JSON.parse(line) as { level: number; msg?: string; file?: string };
          const where = entry.file !== undefined ? ` (${entry.file})` : '';
          stderr.write(`${labels[entry.level] ?? 'note'}: ${entry.msg ?? ''}${where}\n`);
        } catch {
          stderr.write(`${line.trimEnd()}\n`);
        }
      },
    },
  );
}

/**
 * Run an admin command over the services: open them, run `fn`, close them; any error is printed for a
 * human on stderr (never a stack trace) and sets exit code 1.
 */
export async function withServices(
  cli: CliContext,
  flags: StoreFlags,
  fn: (services: CliServices) => Promise<void>,
): Promise<void> {
  let services: CliServices | undefined;
  try {
    const logger = cliLogger(cli.io.stderr);
    const choice = await resolveStoreChoice(flags, cli.io, logger);
    services = await openServices({ dataDir: choice.dataDir, choice, env: cli.io.env, logger });
    await fn(services);
  } catch (err) {
    cli.exitCode = reportError(cli, err);
  } finally {
    try {
      await services?.close();
    } catch (err) {
      cli.exitCode = reportError(cli, err);
    }
  }
}

/** `not_found` naming the tenant and how to create it. */
export function tenantNotFound(id: string): PorticoError {
  return new PorticoError(
    'not_found',
    `Tenant "${id}" not found. Create it with: portico tenants create ${id}`,
    {
      tenantId: id,
    },
  );
}

/** Fail with {@link tenantNotFound} unless the tenant exists. */
export async function requireTenant(services: CliServices, id: string): Promise<void> {
  if ((await services.access.getTenant(id)) === undefined) throw tenantNotFound(id);
}

/** Left-aligned columns separated by two spaces; the first row is the header. */
export function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows
    .map((r) =>
      r
        .map((cell, i) => cell.padEnd(widths[i]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** A time for tables: `2026-05-01 12:34Z` (UTC, minutes); `fallback` for null. */
export function shortTime(d: Date | null, fallback = '-'): string {
  return d === null ? fallback : `${d.toISOString().slice(0, 16).replace('T', ' ')}Z`;
}

/** Split a comma-separated option (`a,b`) into trimmed, non-empty parts. */
export function commaList(value: string): string[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}
