import { SCOPES, type Scope } from '../auth/index.js';
import type { Principal } from '../auth/types.js';
import { type ConsoleSession, createConsole, type OperatorFacts, type TryIt } from '../console/index.js';
import type { Gateway } from '../gateway/index.js';
import { clientAddress } from '../http/index.js';
import { OAuthGrants, OAuthUsers } from '../oauth/index.js';
import type { Logger } from '../observability/index.js';
import type { PorticoConfig } from '../spec/index.js';
import type { Store } from '../store/index.js';
import type { SecurityServices } from './security.js';

/** Keys whose (string) values the operator page never shows. */
const SECRET_KEY = /secret|token|password|passwd|api[_-]?key|apikey|authorization|credential|private|cookie/i;
/** Caller facts forwarded as identity headers: names, not secrets. */
const IDENTITY_FACTS = new Set(['tenant.id', 'tenant.name', 'token.id', 'token.label', 'subject']);
const MASK = '••••••';

/**
 * A JSON copy of `value` for display with secrets masked: strings under a secret-looking key
 * (`token`, `password`, `clientSecret`, `X-Api-Key`, `Authorization`, …), every value of an `env`
 * map (child processes' environments), and any `mcp_…` or `Bearer …` string. Numbers and booleans
 * are never secret.
 */
export function maskSecrets(value: unknown, key = '', parent = ''): unknown {
  if (typeof value === 'string') {
    if (/^(mcp_|Bearer\s)/i.test(value)) return MASK;
    if (parent === 'env') return MASK;
    return SECRET_KEY.test(key) && !IDENTITY_FACTS.has(value) ? MASK : value;
  }
  if (Array.isArray(value)) return value.map((v) => maskSecrets(v, key, parent));
  if (value instanceof Map) return maskSecrets(Object.fromEntries(value), key, parent);
  if (value instanceof Set) return [...value].map((v) => maskSecrets(v, key, parent));
  if (value instanceof RegExp) return String(value);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskSecrets(v, k, key)]));
  }
  return value;
}

/** The scopes a console user's Try it carries: members call read-only tools, admins and operators all. */
function consoleScopes(s: ConsoleSession): Set<Scope> {
  return new Set<Scope>(s.role === 'member' ? ['mcp.tools.discovery', 'mcp.tools.invoke'] : [...SCOPES]);
}

/** Options of {@link buildConsole}. */
export interface BuildConsoleOptions {
  security: SecurityServices;
  store: Store;
  gateway: Gateway;
  logger: Logger;
  config: () => PorticoConfig;
  /** Sends one JSON-RPC message through `/mcp` as a principal (the HTTP app's `invoke`). */
  invoke: (principal: Principal, view: string, message: unknown) => Promise<Response>;
  operator: Omit<OperatorFacts, 'maskedConfig'>;
}

/** The console over the gateway's services (what `startPortico` mounts at `/console`). */
export function buildConsole(opts: BuildConsoleOptions) {
  const { security, gateway } = opts;
  const tryIt: TryIt = async (session, view, tool, args) => {
    const tenant = await security.access.getTenant(session.tenantId);
    const principal: Principal = {
      kind: 'console',
      tenantId: session.tenantId,
      tenantName: tenant?.name ?? session.tenantId,
      tokenId: session.userId,
      subject: session.userId,
      label: `console ${session.email}`,
      prefix: 'console',
      scopes: consoleScopes(session),
      views: null,
      expiresAt: null,
      rateLimit: null,
    };
    const res = await opts.invoke(principal, view, {
      jsonrpc: '2.0',
      id: 1,
      method: 'tools/call',
      params: { name: tool, arguments: args },
    });
    return { status: res.status, body: await readRpc(res) };
  };
  const publicUrl = opts.config().server.publicUrl;
  return createConsole({
    access: security.access,
    users: new OAuthUsers(opts.store),
    grants: new OAuthGrants(opts.store),
    secrets: security.secrets,
    audit: security.audit,
    store: opts.store,
    gateway,
    limits: security.limits,
    clientAddress,
    logger: opts.logger,
    ...(publicUrl !== undefined ? { publicUrl } : {}),
    tryIt,
    openapiSystems: () => new Set(opts.config().openapi.map((o) => o.name)),
    operator: { ...opts.operator, maskedConfig: () => maskSecrets(opts.config()) },
  });
}

/** The JSON-RPC message of a response sent as JSON or as a one-event SSE stream. */
async function readRpc(res: Response): Promise<unknown> {
  const text = await res.text();
  if ((res.headers.get('content-type') ?? '').startsWith('text/event-stream')) {
    const data = text
      .split('\n')
      .filter((l) => l.startsWith('data:'))
      .map((l) => l.slice(5).trim())
      .filter((l) => l !== '');
    return JSON.parse(data[data.length - 1] ?? 'null');
  }
  try {
    return JSON.parse(text);
  } catch {
    return { error: { message: text } };
  }
}
