import type { Context } from 'hono';
import type { AuditLog } from '../audit/index.js';
import type { AccessService } from '../auth/index.js';
import type { FederatedServerStatus } from '../federation/index.js';
import type { Gateway } from '../gateway/index.js';
import type { AuthThrottle, Limits } from '../limits/index.js';
import type { OAuthGrants, OAuthUsers } from '../oauth/index.js';
import type { Logger } from '../observability/index.js';
import type { TenantSecrets } from '../secrets/index.js';
import type { Store } from '../store/index.js';
import type { ConsoleSession } from './sessions.js';

/** The result of a console **Try it** call, as the MCP client would have seen it. */
export interface TryItResult {
  /** HTTP status of the `/mcp` exchange (200, or 403/429 when refused at the edge). */
  status: number;
  /** The JSON-RPC response (or the edge's error body). */
  body: unknown;
}

/** Runs one `tools/call` as a console user through the normal `/mcp` path (scopes, limits, audit). */
export type TryIt = (
  session: ConsoleSession,
  view: string,
  tool: string,
  args: Record<string, unknown>,
) => Promise<TryItResult>;

/** Read-only facts of the running gateway for the operator page. */
export interface OperatorFacts {
  /** Federated MCP servers (name, state, last error, next retry). */
  federation: () => FederatedServerStatus[];
  /** The last reload's error (file:line message), if the last reload failed. */
  lastReloadError: () => unknown;
  /** The running configuration with secrets masked. */
  maskedConfig: () => unknown;
}

/** What the console is built on: the same services the admin API uses. */
export interface ConsoleOptions {
  access: AccessService;
  users: OAuthUsers;
  /** Tenants' upstream credentials (operators set them; values are never shown). */
  secrets: TenantSecrets;
  audit: AuditLog;
  /** OAuth grants (Sign-ins page): the service `portico grants` and the admin API use. */
  grants: OAuthGrants;
  /** Catalogue revisions (operator page). */
  store: Pick<Store, 'listCatalogRevisions'>;
  gateway: Gateway;
  /** Sign-in throttle per client address (the same failed-auth limit as `/mcp`); daily quota use. */
  limits: AuthThrottle & Pick<Limits, 'quotaUsage'>;
  clientAddress: (c: Context) => string;
  logger: Logger;
  /** `server.public_url`: the base of endpoint URLs shown (default: the request's origin). */
  publicUrl?: string;
  /** Idle minutes before a console session ends (default 30). */
  idleMinutes?: number;
  /** Names of the OpenAPI sources (the Tools page tells them from YAML systems). */
  openapiSystems?: () => ReadonlySet<string>;
  /** Try it on the Tools page (absent: the button is not shown). */
  tryIt?: TryIt;
  operator?: OperatorFacts;
}

/** Hono environment of console routes. */
export interface ConsoleEnv {
  Variables: { session: ConsoleSession };
}
