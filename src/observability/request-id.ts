import { randomUUID } from 'node:crypto';

const SAFE_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const TRACEPARENT = /^[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}$/;

/**
 * Correlation id for a request: `x-request-id` when it is a safe token, else the trace id of a
 * W3C `traceparent`, else a fresh UUID.
 */
export function correlationId(headers: Headers): string {
  const given = headers.get('x-request-id');
  if (given !== null && SAFE_ID.test(given)) return given;
  const tp = headers.get('traceparent');
  const m = tp === null ? null : TRACEPARENT.exec(tp);
  if (m?.[1] !== undefined) return m[1];
  return randomUUID();
}
