import { STATUS_CODES } from 'node:http';
import { DEFAULT_MAX_JSON_DEPTH, parseBoundedJson } from '../json/index.js';
import type { UpstreamResponse } from './types.js';

const MAX_TEXT = 500;

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** The upstream's own message from a JSON error body, if it has a well-known field. */
function messageFromJson(body: unknown): string | undefined {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return undefined;
  const b = body as Record<string, unknown>;
  const message = str(b.message);
  if (message !== undefined) return message;
  const error = str(b.error);
  if (error !== undefined) {
    const description = str(b.error_description);
    return description === undefined ? error : `${error}: ${description}`;
  }
  const nested =
    b.error !== null && typeof b.error === 'object'
      ? str((b.error as Record<string, unknown>).message)
      : undefined;
  if (nested !== undefined) return nested;
  const other = str(b.detail) ?? str(b.error_description) ?? str(b.title);
  if (other !== undefined) return other;
  if (Array.isArray(b.errors) && b.errors[0] !== null && typeof b.errors[0] === 'object') {
    return str((b.errors[0] as Record<string, unknown>).message);
  }
  return undefined;
}

function parseLoose(res: UpstreamResponse): unknown {
  if (res.json !== undefined) return res.json;
  if (res.truncated || res.jsonError !== undefined || !res.text.trimStart().startsWith('{')) return undefined;
  const parsed = parseBoundedJson(res.text, DEFAULT_MAX_JSON_DEPTH);
  return parsed.ok ? parsed.value : undefined;
}

/**
 * A one-line description of an upstream error response, e.g.
 * `HTTP 404 Not Found: Flow "x" not found`: the upstream's own message from its JSON body
 * (`message`, `error`, `detail`, `error_description`, `title`, `errors[0].message`), else the
 * first 500 characters of the body.
 */
export function upstreamErrorMessage(res: UpstreamResponse): string {
  const reason = STATUS_CODES[res.status];
  const prefix = reason === undefined ? `HTTP ${res.status}` : `HTTP ${res.status} ${reason}`;
  let message = messageFromJson(parseLoose(res));
  if (message === undefined) {
    const text = res.text.trim();
    message = text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}…` : text;
  }
  return message === '' ? prefix : `${prefix}: ${message}`;
}
