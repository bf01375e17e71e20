import type { StoredAuditRow } from '../store/index.js';

const DAY_MS = 86_400_000;
const W = 720;
const H = 220;
const PAD = { left: 44, right: 12, top: 14, bottom: 36 };

/** Calls per day (ok vs failed) for the days from `from` to `to` (UTC), at most 60 bars. */
function perDay(rows: StoredAuditRow[], from: Date, to: Date) {
  const start = Math.floor(from.getTime() / DAY_MS);
  const end = Math.floor((to.getTime() - 1) / DAY_MS);
  const first = Math.max(start, end - 59);
  const days = Array.from({ length: end - first + 1 }, (_, i) => ({
    day: first + i,
    ok: 0,
    limited: 0,
    failed: 0,
  }));
  for (const r of rows) {
    if (r.method !== 'tools/call') continue;
    const d = days[Math.floor(r.at.getTime() / DAY_MS) - first];
    if (d === undefined) continue;
    if (r.outcome === 'ok') d.ok++;
    else if (r.outcome === 'limited') d.limited++;
    else d.failed++;
  }
  return days;
}

/** A server-rendered SVG bar chart: tool calls per day, succeeded / refused by a limit / failed stacked. */
export function UsageChart(props: { rows: StoredAuditRow[]; from: Date; to: Date }) {
  const days = perDay(props.rows, props.from, props.to);
  const max = Math.max(1, ...days.map((d) => d.ok + d.limited + d.failed));
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const bw = plotW / Math.max(1, days.length);
  const y = (n: number) => PAD.top + plotH - (n / max) * plotH;
  const total = days.reduce((s, d) => s + d.ok + d.limited + d.failed, 0);
  const failed = days.reduce((s, d) => s + d.failed, 0);
  const limited = days.reduce((s, d) => s + d.limited, 0);
  const label = (day: number) => new Date(day * DAY_MS).toISOString().slice(5, 10);
  const every = Math.max(1, Math.ceil(days.length / 10));
  return (
    <svg
      class="chart"
      viewBox={`0 0 ${W} ${H}`}
      width={W}
      height={H}
      role="img"
      aria-labelledby="chart-title chart-desc"
      xmlns="http://www.w3.org/2000/svg"
    >
      <title id="chart-title">Tool calls per day</title>
      <desc id="chart-desc">
        {`${total} tool calls from ${label(days[0]?.day ?? 0)} to ${label(days[days.length - 1]?.day ?? 0)}, ${failed} failed, ${limited} refused by a limit; the busiest day had ${max === 1 && total === 0 ? 0 : max}.`}
      </desc>
      <line x1={PAD.left} y1={PAD.top + plotH} x2={W - PAD.right} y2={PAD.top + plotH} stroke="#57606a" />
      <text x={PAD.left - 6} y={y(max) + 4} text-anchor="end" font-size="11" fill="#1d232b">
        {max}
      </text>
      <text x={PAD.left - 6} y={PAD.top + plotH + 4} text-anchor="end" font-size="11" fill="#1d232b">
        0
      </text>
      {days.map((d, i) => {
        const x = PAD.left + i * bw + bw * 0.15;
        const w = bw * 0.7;
        return (
          <g>
            <rect x={x} y={y(d.ok)} width={w} height={PAD.top + plotH - y(d.ok)} fill="#0b5cad">
              <title>{`${label(d.day)}: ${d.ok} succeeded`}</title>
            </rect>
            <rect
              x={x}
              y={y(d.ok + d.limited)}
              width={w}
              height={y(d.ok) - y(d.ok + d.limited)}
              fill="#9a6700"
            >
              <title>{`${label(d.day)}: ${d.limited} refused by a limit`}</title>
            </rect>
            <rect
              x={x}
              y={y(d.ok + d.limited + d.failed)}
              width={w}
              height={y(d.ok + d.limited) - y(d.ok + d.limited + d.failed)}
              fill="#a40e26"
            >
              <title>{`${label(d.day)}: ${d.failed} failed`}</title>
            </rect>
            {i % every === 0 && (
              <text x={x + w / 2} y={H - PAD.bottom + 16} text-anchor="middle" font-size="11" fill="#1d232b">
                {label(d.day)}
              </text>
            )}
          </g>
        );
      })}
      <rect x={PAD.left} y={H - 14} width="10" height="10" fill="#0b5cad" />
      <text x={PAD.left + 14} y={H - 5} font-size="11" fill="#1d232b">
        succeeded
      </text>
      <rect x={PAD.left + 90} y={H - 14} width="10" height="10" fill="#9a6700" />
      <text x={PAD.left + 104} y={H - 5} font-size="11" fill="#1d232b">
        refused by a limit
      </text>
      <rect x={PAD.left + 220} y={H - 14} width="10" height="10" fill="#a40e26" />
      <text x={PAD.left + 234} y={H - 5} font-size="11" fill="#1d232b">
        failed or denied
      </text>
    </svg>
  );
}

/** A horizontal SVG bar chart of the most-called tools. */
export function ToolChart(props: { rows: StoredAuditRow[] }) {
  const counts = new Map<string, number>();
  for (const r of props.rows) if (r.tool !== null) counts.set(r.tool, (counts.get(r.tool) ?? 0) + 1);
  const top = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 10);
  const max = Math.max(1, ...top.map(([, n]) => n));
  const rowH = 22;
  const h = Math.max(1, top.length) * rowH + 10;
  const labelW = 200;
  return (
    <svg
      class="chart"
      viewBox={`0 0 ${W} ${h}`}
      width={W}
      height={h}
      role="img"
      aria-labelledby="tools-title"
      xmlns="http://www.w3.org/2000/svg"
    >
      <title id="tools-title">
        {top.length === 0
          ? 'No tool calls in this range'
          : `Calls per tool: ${top.map(([t, n]) => `${t} ${n}`).join(', ')}`}
      </title>
      {top.map(([tool, n], i) => (
        <g>
          <text x={labelW - 6} y={i * rowH + 16} text-anchor="end" font-size="12" fill="#1d232b">
            {tool}
          </text>
          <rect
            x={labelW}
            y={i * rowH + 4}
            width={((W - labelW - 50) * n) / max}
            height={rowH - 8}
            fill="#0b5cad"
          />
          <text
            x={labelW + ((W - labelW - 50) * n) / max + 4}
            y={i * rowH + 16}
            font-size="12"
            fill="#1d232b"
          >
            {n}
          </text>
        </g>
      ))}
    </svg>
  );
}

/** Today's use of the tenant's daily quota as an SVG gauge. */
export function QuotaGauge(props: { used: number; quota: number; tenant: string }) {
  const w = 480;
  const frac = Math.min(1, props.used / Math.max(1, props.quota));
  const text = `${props.tenant}: ${props.used.toLocaleString('en')} of ${props.quota.toLocaleString('en')} tool calls of today's quota used (${Math.round(frac * 100)}%)`;
  return (
    <svg
      class="chart"
      viewBox={`0 0 ${w} 44`}
      width={w}
      height={44}
      role="img"
      aria-labelledby="quota-title"
      xmlns="http://www.w3.org/2000/svg"
    >
      <title id="quota-title">{text}</title>
      <rect x="8" y="6" width={w - 16} height="14" fill="#eaeef2" stroke="#57606a" />
      <rect x="8" y="6" width={(w - 16) * frac} height="14" fill={frac >= 0.9 ? '#a40e26' : '#0b5cad'} />
      <text x="8" y="36" font-size="12" fill="#1d232b">
        {text}
      </text>
    </svg>
  );
}
