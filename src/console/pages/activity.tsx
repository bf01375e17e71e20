import type { Context, Hono } from 'hono';
import { auditRowJson } from '../../admin/index.js';
import { PorticoError } from '../../errors/index.js';
import type { AuditFilter, AuditOutcome, StoredAuditRow } from '../../store/index.js';
import { QuotaGauge, ToolChart, UsageChart } from '../chart.js';
import { BASE, Layout, when } from '../layout.js';
import { auditTenant, tokenFilter } from '../scope.js';
import type { ConsoleSession } from '../sessions.js';
import type { ConsoleEnv, ConsoleOptions } from '../types.js';

const OUTCOMES: AuditOutcome[] = [
  'ok',
  'tool_error',
  'invalid_arguments',
  'denied',
  'limited',
  'upstream_error',
  'input_required',
  'error',
];
const PAGE_SIZE = 50;
const EXPORT_MAX = 10_000;
const DAY_MS = 86_400_000;

interface ActivityQuery {
  tool: string;
  token: string;
  outcome: AuditOutcome | '';
  from: string;
  to: string;
  tenant: string;
  page: number;
}

/** `2026-12-03T07:40` (a datetime-local value, read as UTC) → Date; bad input is `invalid_input`. */
function parseTime(text: string, name: string): Date | undefined {
  if (text.trim() === '') return undefined;
  const d = new Date(/[zZ]|[+-]\d\d:\d\d$/.test(text) ? text : `${text}Z`);
  if (Number.isNaN(d.getTime())) {
    throw new PorticoError('invalid_input', `${name}: "${text}" is not a time; use YYYY-MM-DDTHH:MM (UTC).`);
  }
  return d;
}

function queryOf(c: Context): ActivityQuery {
  const outcome = c.req.query('outcome') ?? '';
  return {
    tool: (c.req.query('tool') ?? '').trim(),
    token: (c.req.query('token') ?? '').trim(),
    outcome: (OUTCOMES as string[]).includes(outcome) ? (outcome as AuditOutcome) : '',
    from: c.req.query('from') ?? '',
    to: c.req.query('to') ?? '',
    tenant: c.req.query('tenant') ?? '',
    page: Math.max(1, Number.parseInt(c.req.query('page') ?? '1', 10) || 1),
  };
}

function filterOf(s: ConsoleSession, q: ActivityQuery): AuditFilter {
  const tenantId = auditTenant(s, q.tenant);
  const since = parseTime(q.from, 'From');
  const until = parseTime(q.to, 'To');
  return {
    ...(tenantId !== undefined ? { tenantId } : {}),
    ...(q.tool !== '' ? { tool: q.tool } : {}),
    ...(q.token !== '' ? { tokenId: q.token } : {}),
    ...(q.outcome !== '' ? { outcome: q.outcome } : {}),
    ...(since !== undefined ? { since } : {}),
    ...(until !== undefined ? { until } : {}),
  };
}

function link(q: ActivityQuery, path: string, page?: number): string {
  const p = new URLSearchParams({
    tool: q.tool,
    token: q.token,
    outcome: q.outcome,
    from: q.from,
    to: q.to,
    tenant: q.tenant,
    ...(page !== undefined ? { page: String(page) } : {}),
  });
  return `${BASE}/${path}?${p}`;
}

/** An audit row for export: the admin API's JSON without the row id and recorded argument values. */
function rowJson(r: StoredAuditRow) {
  const { id: _id, args: _args, ...row } = auditRowJson(r);
  return row;
}

/** One CSV field (RFC 4180 quoting; a leading =, +, - or @ is defused for spreadsheets). */
function csvField(v: unknown): string {
  let s = v === null || v === undefined ? '' : Array.isArray(v) ? v.join(' ') : String(v);
  if (/^[=+\-@]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** Activity: the audit trail with filters, paging, CSV/JSON export and SVG usage charts. */
export function registerActivity(app: Hono<ConsoleEnv>, opts: ConsoleOptions): void {
  app.get('/activity', async (c) => {
    const session = c.get('session');
    const q = queryOf(c);
    let filter: AuditFilter;
    let error: string | undefined;
    try {
      filter = filterOf(session, q);
    } catch (err) {
      if (!(err instanceof PorticoError)) throw err;
      error = err.message;
      filter = filterOf(session, { ...q, from: '', to: '' });
    }
    const rows = await opts.audit.query({
      ...filter,
      limit: PAGE_SIZE + 1,
      offset: (q.page - 1) * PAGE_SIZE,
    });
    const more = rows.length > PAGE_SIZE;
    const to = filter.until ?? new Date();
    const from = filter.since ?? new Date(to.getTime() - 14 * DAY_MS);
    const chartRows = await opts.audit.query({ ...filter, since: from, until: to, limit: EXPORT_MAX });
    const tokens = await opts.access.listTokens(tokenFilter(session));
    const tenants = session.role === 'operator' ? await opts.access.listTenants() : [];
    const quotaTenant = filter.tenantId ?? session.tenantId;
    const quota = await opts.limits.quotaUsage(quotaTenant);
    return c.html(
      <Layout title="Activity" session={session} current="activity">
        <h1>Activity</h1>
        <p>
          Every tools/list and tools/call{' '}
          {session.role === 'operator' ? 'of every tenant' : `of tenant ${session.tenantId}`}, newest first.
          Times are UTC.
        </p>
        {error !== undefined && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
        <form method="get" action={`${BASE}/activity`} class="filters">
          <div>
            <label for="tool">Tool</label>
            <input id="tool" name="tool" type="text" value={q.tool} />
          </div>
          <div>
            <label for="token">Token</label>
            <select id="token" name="token">
              <option value="">All</option>
              {tokens.map((t) => (
                <option value={t.id} selected={t.id === q.token}>
                  {`${t.label} (${t.prefix}…)`}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label for="outcome">Outcome</label>
            <select id="outcome" name="outcome">
              <option value="">All</option>
              {OUTCOMES.map((o) => (
                <option value={o} selected={o === q.outcome}>
                  {o}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label for="from">From (UTC)</label>
            <input id="from" name="from" type="datetime-local" value={q.from} />
          </div>
          <div>
            <label for="to">To (UTC)</label>
            <input id="to" name="to" type="datetime-local" value={q.to} />
          </div>
          {session.role === 'operator' && (
            <div>
              <label for="tenant">Tenant</label>
              <select id="tenant" name="tenant">
                <option value="">All</option>
                {tenants.map((t) => (
                  <option value={t.id} selected={t.id === q.tenant}>
                    {t.id}
                  </option>
                ))}
              </select>
            </div>
          )}
          <button type="submit">Apply filters</button>
        </form>
        <p>
          Export these rows (up to {EXPORT_MAX.toLocaleString('en')}):{' '}
          <a href={link(q, 'activity.csv')}>CSV</a> · <a href={link(q, 'activity.json')}>JSON</a>
        </p>
        <h2>Usage</h2>
        <UsageChart rows={chartRows} from={from} to={to} />
        <ToolChart rows={chartRows} />
        {quota === undefined ? (
          <p class="note">No daily quota is configured (limits.tenant_daily_quota).</p>
        ) : (
          <QuotaGauge used={quota.used} quota={quota.quota} tenant={quotaTenant} />
        )}
        <h2>Calls</h2>
        {rows.length === 0 ? (
          <p>No activity matches.</p>
        ) : (
          <table>
            <caption class="visually-hidden">Audit trail</caption>
            <thead>
              <tr>
                <th scope="col">Time</th>
                {session.role === 'operator' && <th scope="col">Tenant</th>}
                <th scope="col">Method</th>
                <th scope="col">Tool</th>
                <th scope="col">View</th>
                <th scope="col">Credential</th>
                <th scope="col">Outcome</th>
                <th scope="col">Upstream</th>
                <th scope="col">ms</th>
              </tr>
            </thead>
            <tbody>
              {rows.slice(0, PAGE_SIZE).map((r) => (
                <tr>
                  <td>{r.at.toISOString().replace('T', ' ').slice(0, 19)}</td>
                  {session.role === 'operator' && <td>{r.tenantId ?? '—'}</td>}
                  <td>{r.method}</td>
                  <td>{r.tool ?? '—'}</td>
                  <td>{r.view}</td>
                  <td>
                    <code>{r.tokenId ?? '—'}</code>
                  </td>
                  <td>{r.outcome}</td>
                  <td>{r.upstreamStatus ?? '—'}</td>
                  <td>{Math.round(r.durationMs)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <nav class="pager" aria-label="Pages">
          {q.page > 1 && <a href={link(q, 'activity', q.page - 1)}>Previous page</a>}
          <span>Page {q.page}</span>
          {more && <a href={link(q, 'activity', q.page + 1)}>Next page</a>}
        </nav>
        <p class="note">Last loaded {when(new Date())} UTC.</p>
      </Layout>,
    );
  });

  app.get('/activity.json', async (c) => {
    const rows = await opts.audit.query({ ...filterOf(c.get('session'), queryOf(c)), limit: EXPORT_MAX });
    c.header('Content-Disposition', 'attachment; filename="portico-activity.json"');
    return c.json({ rows: rows.map(rowJson) });
  });

  app.get('/activity.csv', async (c) => {
    const rows = await opts.audit.query({ ...filterOf(c.get('session'), queryOf(c)), limit: EXPORT_MAX });
    const header = Object.keys(
      rowJson(rows[0] ?? ({ at: new Date(0), argKeys: [] } as unknown as StoredAuditRow)),
    );
    const lines = [header.join(','), ...rows.map((r) => Object.values(rowJson(r)).map(csvField).join(','))];
    return c.body(`${lines.join('\r\n')}\r\n`, 200, {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': 'attachment; filename="portico-activity.csv"',
    });
  });
}
