import type { McpServerConfig } from '../spec/index.js';

/** Shorter values are not redacted: they would blank ordinary words out of messages. */
const MIN_SECRET_LENGTH = 4;

/**
 * Values of a server's config that must never appear in errors or logs: header values, the
 * bearer token, URL credentials and query values, and stdio env values.
 */
export function secretsOf(config: McpServerConfig): string[] {
  const t = config.transport;
  const out: string[] = [];
  if (t.kind === 'http') {
    out.push(...Object.values(t.headers));
    if (t.bearer !== undefined) out.push(t.bearer);
    try {
      const url = new URL(t.url);
      out.push(decodeURIComponent(url.username), decodeURIComponent(url.password));
      for (const v of url.searchParams.values()) out.push(v);
    } catch {
      // An invalid URL fails at connect time with its own message.
    }
  } else {
    out.push(...Object.values(t.env));
  }
  return [...new Set(out.filter((s) => s.length >= MIN_SECRET_LENGTH))].sort((a, b) => b.length - a.length);
}

/** Replace every occurrence of each secret in `text` with `***`. */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) out = out.split(s).join('***');
  return out;
}

/**
 * One line describing an error and its causes, e.g.
 * `fetch failed (connect ECONNREFUSED 127.0.0.1:9)`. Not redacted: pass it through {@link redact}.
 */
export function describeError(err: unknown): string {
  const parts: string[] = [];
  let cur: unknown = err;
  for (let depth = 0; cur !== undefined && cur !== null && depth < 5; depth++) {
    const msg = cur instanceof Error ? cur.message : String(cur);
    if (msg !== '' && !parts.some((p) => p.includes(msg))) parts.push(msg);
    cur = cur instanceof Error ? cur.cause : undefined;
  }
  const [head, ...rest] = parts;
  if (head === undefined) return 'unknown error';
  return rest.length === 0 ? head : `${head} (${rest.join(': ')})`;
}

/** The tenant's credential among a caller's `headers` (to redact), if the server takes one. */
export function credentialsIn(config: McpServerConfig, headers: Readonly<Record<string, string>>): string[] {
  const name = config.tenantCredential?.header.toLowerCase();
  return Object.entries(headers).flatMap(([k, v]) => (k.toLowerCase() === name ? [v] : []));
}
