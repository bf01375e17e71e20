import { EventEmitter } from 'node:events';
import type { Dispatcher } from 'undici';
import { parseBoundedJson } from '../json/index.js';
import type { SystemSpec } from '../spec/index.js';
import { classifyFailure } from './failure.js';
import { decodeBody, isJsonContentType, readCappedBody } from './read-body.js';
import type { BuiltRequest } from './request.js';
import type { UpstreamResponse } from './types.js';

/** The response of one attempt (call-level fields are added by the client). */
export type AttemptResponse = Omit<UpstreamResponse, 'durationMs' | 'attempts'>;

const MAX_REDIRECTS = 3;
const REDIRECT_STATUSES: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);
type RawHeaders = Record<string, string | string[] | undefined>;

function flattenHeaders(raw: RawHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name in raw) {
    const value = raw[name];
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

function resolveLocation(location: string | undefined, base: string): URL | undefined {
  if (location === undefined || location === '') return undefined;
  try {
    return new URL(location, base);
  } catch {
    return undefined;
  }
}

async function toResponse(
  res: Dispatcher.ResponseData,
  url: string,
  maxBytes: number,
  maxDepth: number,
): Promise<AttemptResponse> {
  const { buffer, truncated } = await readCappedBody(res.body, maxBytes);
  const headers = flattenHeaders(res.headers);
  const contentType = headers['content-type'] ?? '';
  const text = decodeBody(buffer, truncated, contentType);
  const out: AttemptResponse = {
    status: res.statusCode,
    headers,
    contentType,
    text,
    bytes: buffer.length,
    truncated,
    url,
  };
  if (!truncated && text !== '' && isJsonContentType(contentType)) {
    const parsed = parseBoundedJson(text, maxDepth);
    if (parsed.ok) out.json = parsed.value;
    else if (parsed.reason === 'depth') out.jsonError = parsed.message;
    // Invalid JSON: the caller gets `text`.
  }
  return out;
}

/** A 3xx returned as-is, its body replaced by a note explaining why it was not followed. */
async function unfollowed(res: Dispatcher.ResponseData, url: string, note: string): Promise<AttemptResponse> {
  await res.body.dump();
  const headers = flattenHeaders(res.headers);
  return {
    status: res.statusCode,
    headers,
    contentType: 'text/plain',
    text: note,
    bytes: 0,
    truncated: false,
    url,
  };
}

/**
 * One HTTP attempt: a total timeout of `timeoutMs` (what is left of the call's `system.timeoutMs`
 * budget; connect, redirects and body included),
 * aborted with the caller's signal, same-origin GET/HEAD redirects followed up to 3 times, the body
 * read up to `system.maxResponseBytes`. Throws an `AttemptFailure`.
 */
export async function attempt(
  pool: Dispatcher,
  req: BuiltRequest,
  system: SystemSpec,
  callerSignal: AbortSignal | undefined,
  maxDepth: number,
  timeoutMs: number = system.timeoutMs,
): Promise<AttemptResponse> {
  // undici accepts an EventEmitter as its abort signal: much cheaper per call than an AbortController.
  const abortEmitter = new EventEmitter();
  let timedOut = false;
  const timer = setTimeout(
    () => {
      timedOut = true;
      abortEmitter.emit('abort');
    },
    Math.max(1, timeoutMs),
  );
  const onAbort = () => abortEmitter.emit('abort');
  callerSignal?.addEventListener('abort', onAbort, { once: true });
  try {
    if (callerSignal?.aborted) throw callerSignal.reason;
    const followable = req.method === 'GET' || req.method === 'HEAD';
    let path = req.path;
    let pathname = req.pathname;
    for (let hops = 0; ; hops++) {
      const res = await pool.request({
        method: req.method,
        path,
        headers: req.headers,
        body: req.body ?? null,
        signal: abortEmitter,
      });
      const url = `${req.origin}${pathname}`;
      if (REDIRECT_STATUSES.has(res.statusCode)) {
        const location = res.headers.location;
        const target = resolveLocation(typeof location === 'string' ? location : undefined, url);
        if (target !== undefined && target.origin !== req.origin) {
          const where = `${target.origin}${target.pathname}`;
          return await unfollowed(res, url, `redirect to another host not followed: Location ${where}`);
        }
        if (target !== undefined && followable) {
          if (hops >= MAX_REDIRECTS) {
            return await unfollowed(
              res,
              url,
              `too many redirects (more than ${MAX_REDIRECTS}); last Location ${target.pathname}`,
            );
          }
          await res.body.dump();
          path = `${target.pathname}${target.search}`;
          pathname = target.pathname;
          continue;
        }
      }
      return await toResponse(res, url, system.maxResponseBytes, maxDepth);
    }
  } catch (err) {
    throw classifyFailure(err, timedOut, callerSignal?.aborted === true);
  } finally {
    clearTimeout(timer);
    callerSignal?.removeEventListener('abort', onAbort);
  }
}
