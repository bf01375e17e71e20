import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import { auditArguments } from '../../audit/index.js';
import { correlationId, type Logger } from '../../observability/index.js';
import type { AuditOutcome, AuditRow } from '../../store/types.js';
import { holdLastChunk, onBodyEnd } from '../on-body-end.js';
import type { EdgeSecurity } from '../security.js';
import type { EdgeEnv } from './env.js';

/** The outcome of a request: its verdict, else what its tools/call did, else its HTTP status. */
function outcomeOf(c: Context<EdgeEnv>, status: number): AuditOutcome {
  const verdict = c.get('verdict');
  if (verdict !== undefined) return verdict;
  if (c.get('rpc')?.method === 'tools/call') return c.get('outcome')?.outcome ?? 'error';
  return status >= 200 && status < 300 ? 'ok' : 'error';
}

function auditRow(c: Context<EdgeEnv>, sec: EdgeSecurity, ms: number, outcome: AuditOutcome): AuditRow {
  const seen = c.get('access')?.audit as NonNullable<NonNullable<EdgeEnv['Variables']['access']>['audit']>;
  const tool = c.get('outcome')?.tool ?? seen.tool;
  const { argKeys, args } = auditArguments(tool ?? '', seen.args, sec.recordArguments());
  return {
    at: new Date(),
    tenantId: c.get('principal').tenantId,
    tokenId: c.get('principal').tokenId,
    view: c.get('view'),
    method: c.get('rpc')?.method as string,
    tool,
    outcome,
    upstreamStatus: c.get('outcome')?.upstreamStatus ?? null,
    durationMs: Math.round(ms * 100) / 100,
    requestId: c.get('requestId'),
    argKeys,
    args,
  };
}

/** Metrics and the request log line of a request whose response has been sent. */
function report(
  c: Context<EdgeEnv>,
  sec: EdgeSecurity,
  logger: Logger,
  status: number,
  ms: number,
  outcome: AuditOutcome,
) {
  const method = c.get('rpc')?.method;
  const done = c.get('outcome');
  if (method !== undefined) sec.metrics.observeRequest(method, done?.tool, outcome, ms / 1000);
  if (done?.system !== undefined && (done.upstreamStatus ?? done.upstreamError) !== undefined) {
    sec.metrics.observeUpstream(
      done.system,
      done.upstreamStatus ?? done.upstreamError ?? 'error',
      (done.upstreamMs ?? ms) / 1000,
    );
  }
  logger.info(
    {
      requestId: c.get('requestId'),
      view: c.get('view'),
      tenant: c.get('principal').tenantId,
      token: c.get('principal').tokenId,
      method,
      tool: done?.tool,
      status,
      upstreamStatus: done?.upstreamStatus,
      outcome,
      durationMs: Math.round(ms * 100) / 100,
    },
    'mcp request',
  );
}

/**
 * → `requestId` (`x-request-id` on the response); once the response has been sent (streams
 * included): its audit row (tools/list and tools/call), metrics and one log line. With
 * `audit.durability: sync` the response's last chunk is only released once its row is committed.
 */
export function record(security: EdgeSecurity, logger: Logger) {
  return createMiddleware<EdgeEnv>(async (c, next) => {
    const started = performance.now();
    const requestId = correlationId(c.req.raw.headers);
    c.set('requestId', requestId);
    c.header('x-request-id', requestId);
    await next();
    const res = c.res;
    res.headers.set('x-request-id', requestId);
    const audited = c.get('access')?.audit !== undefined;
    const commit = security.audit.commit?.bind(security.audit);
    c.res = undefined;
    if (audited && commit !== undefined && security.auditDurability?.() === 'sync') {
      let ms = 0;
      let outcome: AuditOutcome = 'error';
      c.res = holdLastChunk(
        res,
        async () => {
          ms = performance.now() - started;
          outcome = outcomeOf(c, res.status);
          if (!(await commit(auditRow(c, security, ms, outcome)))) {
            logger.warn(
              { requestId },
              'audit: the row of this request could not be committed before its response',
            );
          }
        },
        () => report(c, security, logger, res.status, ms, outcome),
      );
      return;
    }
    c.res = onBodyEnd(res, () => {
      const ms = performance.now() - started;
      const outcome = outcomeOf(c, res.status);
      if (audited) security.audit.record(auditRow(c, security, ms, outcome));
      report(c, security, logger, res.status, ms, outcome);
    });
  });
}
