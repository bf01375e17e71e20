import type { MiddlewareHandler } from 'hono';
import { LOOPBACK_HOSTS } from '../spec/index.js';
import { jsonRpcErrorResponse } from './jsonrpc-error.js';

function hostnameOf(hostHeader: string): string {
  if (hostHeader.startsWith('[')) {
    const end = hostHeader.indexOf(']');
    return hostHeader.slice(0, end + 1).toLowerCase();
  }
  const colon = hostHeader.lastIndexOf(':');
  return (colon === -1 ? hostHeader : hostHeader.slice(0, colon)).toLowerCase();
}

function originHostname(origin: string): string | undefined {
  try {
    const u = new URL(origin);
    return u.hostname.toLowerCase();
  } catch {
    return undefined;
  }
}

/**
 * DNS-rebinding protection: the Host header and (when present) the Origin header must name a
 * loopback host or one of the configured hostnames; anything else is 403.
 */
export function hostAndOriginGuard(allowedHosts: string[], allowedOrigins: string[]): MiddlewareHandler {
  const hosts = new Set([...LOOPBACK_HOSTS, ...allowedHosts.map((h) => h.toLowerCase())]);
  const origins = new Set([...LOOPBACK_HOSTS, ...allowedOrigins.map((h) => h.toLowerCase())]);
  return async (c, next) => {
    const host = c.req.header('host');
    if (host !== undefined && !hosts.has(hostnameOf(host))) {
      return jsonRpcErrorResponse(
        c,
        'forbidden_host',
        `Host "${hostnameOf(host)}" is not allowed. Add it to server.allowed_hosts in portico.yaml to serve it.`,
      );
    }
    const origin = c.req.header('origin');
    if (origin !== undefined && origin !== 'null') {
      const name = originHostname(origin);
      if (name === undefined || !origins.has(name)) {
        return jsonRpcErrorResponse(
          c,
          'forbidden_origin',
          `Origin "${origin}" is not allowed. Add its hostname to server.allowed_origins in portico.yaml.`,
        );
      }
    } else if (origin === 'null') {
      return jsonRpcErrorResponse(c, 'forbidden_origin', 'Origin "null" is not allowed.');
    }
    await next();
  };
}

/** True when the Accept header admits both JSON and SSE, as Streamable HTTP requires. */
export function acceptsMcp(accept: string | undefined): boolean {
  if (accept === undefined) return false;
  const a = accept.toLowerCase();
  return a.includes('application/json') && a.includes('text/event-stream');
}

/** True when the Content-Type's media type is application/json. */
export function isJsonMediaType(contentType: string | undefined): boolean {
  if (contentType === undefined) return false;
  const media = contentType.split(';', 1)[0]?.trim().toLowerCase();
  return media === 'application/json';
}
