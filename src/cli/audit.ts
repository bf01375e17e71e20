import type { Command } from 'commander';
import { AUDIT_OUTCOMES, auditRowJson } from '../admin/index.js';
import { parseSince } from '../audit/index.js';
import { PorticoError } from '../errors/index.js';
import type { AuditFilter, AuditOutcome, StoredAuditRow } from '../store/types.js';
import type { CliContext } from './context.js';
import { addDataDirOption, table, withServices } from './open-services.js';

interface AuditFlags {
  dataDir?: string;
  tenant?: string;
  tool?: string;
  outcome?: string;
  since?: string;
  until?: string;
  limit?: string;
  json?: boolean;
}

/** `portico audit`: query the audit trail (newest first). */
export function registerAudit(program: Command, cli: CliContext): void {
  addDataDirOption(
    program
      .command('audit')
      .description('show audited tools/list and tools/call requests, newest first')
      .option('--tenant <id>', 'only this tenant')
      .option('--tool <name>', 'only calls of this published tool')
      .option('--outcome <outcome>', AUDIT_OUTCOMES.join(' | '))
      .option('--since <when>', 'rows at or after: 15m, 1h, 7d or an ISO time')
      .option('--until <when>', 'rows before: 15m, 1h, 7d (ago) or an ISO time')
      .option('--limit <n>', 'at most this many rows, 1–10000 (default 100)')
      .option('--json', 'print {rows: [...]} as JSON'),
  ).action((flags: AuditFlags) =>
    withServices(cli, flags, async (services) => {
      const filter = auditFilter(flags);
      const rows = await services.audit.query(filter);
      if (flags.json) return cli.json({ rows: rows.map(auditRowJson) });
      if (rows.length === 0) {
        const unknownTenant =
          flags.tenant !== undefined && (await services.access.getTenant(flags.tenant)) === undefined
            ? ` (there is no tenant "${flags.tenant}")`
            : '';
        cli.out(`No audit rows match${unknownTenant}.`);
        return;
      }
      cli.out(auditTable(rows));
    }),
  );
}

function auditFilter(flags: AuditFlags): AuditFilter {
  const now = new Date();
  const filter: AuditFilter = {};
  if (flags.tenant !== undefined) filter.tenantId = flags.tenant;
  if (flags.tool !== undefined) filter.tool = flags.tool;
  if (flags.outcome !== undefined) {
    if (!(AUDIT_OUTCOMES as readonly string[]).includes(flags.outcome)) {
      throw new PorticoError(
        'invalid_input',
        `Invalid --outcome "${flags.outcome}": use one of ${AUDIT_OUTCOMES.join(', ')}.`,
      );
    }
    filter.outcome = flags.outcome as AuditOutcome;
  }
  if (flags.since !== undefined) filter.since = timeFlag('--since', flags.since, now);
  if (flags.until !== undefined) filter.until = timeFlag('--until', flags.until, now);
  if (flags.limit !== undefined) {
    const n = /^\d+$/.test(flags.limit) ? Number(flags.limit) : Number.NaN;
    if (!(n >= 1 && n <= 10_000)) {
      throw new PorticoError(
        'invalid_input',
        `Invalid --limit "${flags.limit}": use a whole number from 1 to 10000.`,
      );
    }
    filter.limit = n;
  }
  return filter;
}

function timeFlag(flag: string, value: string, now: Date): Date {
  try {
    return parseSince(value, now);
  } catch (err) {
    throw new PorticoError(
      'invalid_input',
      `Invalid ${flag}: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
}

/** The table printed by `portico audit`. */
export function auditTable(rows: readonly StoredAuditRow[]): string {
  return table([
    ['TIME', 'TENANT', 'TOKEN', 'VIEW', 'METHOD', 'TOOL', 'OUTCOME', 'UPSTREAM', 'MS', 'REQUEST ID'],
    ...rows.map((r) => [
      r.at.toISOString(),
      r.tenantId ?? '-',
      r.tokenId ?? '-',
      r.view,
      r.method,
      r.tool ?? '-',
      r.outcome,
      r.upstreamStatus === null ? '-' : String(r.upstreamStatus),
      String(Math.round(r.durationMs)),
      r.requestId,
    ]),
  ]);
}
