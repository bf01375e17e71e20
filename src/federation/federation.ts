import type { RemoteToolInfo } from '../catalog/types.js';
import type { McpServerConfig } from '../config/types.js';
import { PorticoError } from '../errors/index.js';
import { DEFAULT_BACKOFF } from './backoff.js';
import { federatedCallerHeaders } from './caller-headers.js';
import { namespacedPrompt, namespacedUri, promptIndex, splitUri } from './namespace.js';
import { ServerConnection } from './server-connection.js';
import { configForTenant, LISTING_TENANT } from './tenant-config.js';
import { TenantInstances } from './tenant-instances.js';
import type { FederatedRequestOptions, Federation, FederationLogger, FederationOptions } from './types.js';

/** Tenant key of calls that carry no caller (never a valid tenant id). */
const NO_TENANT = '_none';

interface Federated {
  config: McpServerConfig;
  /** Lists the tools (and, for `shared` servers, serves every call). */
  lister: ServerConnection;
  /** `per_tenant` servers: the tenants' own instances. */
  tenants?: TenantInstances;
}

const silent: FederationLogger = { info() {}, warn() {}, debug() {}, error() {} };

/**
 * Federate `servers`: connect to each (remote Streamable HTTP or a local stdio child, spawned
 * once and reused), keep their tool lists current, and forward calls. Fail-open: a server that
 * is down never fails `start()`; it is retried in the background.
 */
export function createFederation(servers: McpServerConfig[], opts: FederationOptions = {}): Federation {
  const options = opts;
  const logger = opts.logger ?? silent;
  const backoff = {
    baseDelayMs: opts.baseDelayMs ?? DEFAULT_BACKOFF.baseDelayMs,
    maxDelayMs: opts.maxDelayMs ?? DEFAULT_BACKOFF.maxDelayMs,
  };
  const listeners = new Set<() => void>();
  const emit = (): void => {
    for (const listener of [...listeners]) {
      try {
        listener();
      } catch (err) {
        logger.error({ err }, 'a federation change listener threw');
      }
    }
  };
  const byName = new Map<string, Federated>();
  const connectTimeout =
    opts.connectTimeoutMs !== undefined ? { connectTimeoutMs: opts.connectTimeoutMs } : {};
  for (const config of servers) {
    if (byName.has(config.name)) {
      throw new PorticoError(
        'config_invalid',
        `MCP server "${config.name}" is declared twice; mcp_servers names must be unique.`,
      );
    }
    const perTenant = config.isolation === 'per_tenant';
    byName.set(config.name, {
      config,
      lister: new ServerConnection(perTenant ? configForTenant(config, LISTING_TENANT) : config, {
        logger,
        backoff,
        onToolsChanged: emit,
        ...connectTimeout,
      }),
      ...(perTenant ? { tenants: new TenantInstances(config, { logger, backoff, ...connectTimeout }) } : {}),
    });
  }
  const unknownServer = (server: string): PorticoError => {
    const known = [...byName.keys()].join(', ') || 'none';
    return new PorticoError(
      'upstream_unreachable',
      `MCP server "${server}" is not federated (mcp_servers declares: ${known}).`,
      { server },
    );
  };

  /** Run one request on the server's connection for this caller (its tenant instance when per_tenant). */
  const onServer = async <T>(
    server: string,
    opts: FederatedRequestOptions,
    run: (conn: ServerConnection, headers: Record<string, string> | undefined) => Promise<T>,
  ): Promise<T> => {
    const entry = byName.get(server);
    if (entry === undefined) throw unknownServer(server);
    const headers = await federatedCallerHeaders(entry.config, opts.caller, options.credentials);
    if (entry.tenants === undefined) return run(entry.lister, headers);
    const lease = await entry.tenants.acquire(opts.caller?.tenantId ?? NO_TENANT);
    try {
      return await run(lease.conn, headers);
    } finally {
      lease.release();
    }
  };

  const request = <T>(
    server: string,
    method: string,
    target: string,
    opts: FederatedRequestOptions,
    run: Parameters<ServerConnection['request']>[1] extends (...a: infer A) => unknown
      ? (...a: A) => Promise<T>
      : never,
  ): Promise<T> =>
    onServer(server, opts, (conn, headers) =>
      conn.request(method, run, {
        target,
        ...(opts.signal !== undefined ? { signal: opts.signal } : {}),
        ...(headers !== undefined ? { headers } : {}),
      }),
    );

  const promptOwners = () =>
    promptIndex([...byName].map(([name, s]) => [name, s.lister.extras().prompts.map((p) => p.name)]));

  let started: Promise<void> | undefined;
  let closed: Promise<void> | undefined;

  return {
    start() {
      started ??= Promise.all([...byName.values()].map((s) => s.lister.start())).then(() => undefined);
      return started;
    },
    tools() {
      const out = new Map<string, RemoteToolInfo[]>();
      for (const [name, server] of byName) {
        const tools = server.lister.tools();
        if (tools !== undefined) out.set(name, tools);
      }
      return out;
    },
    status() {
      return [...byName.values()].map((s) => {
        const status = s.lister.status();
        if (s.tenants !== undefined) status.tenants = s.tenants.count();
        return status;
      });
    },
    async call(server, remoteName, args, callOpts = {}) {
      return onServer(server, callOpts, (conn, headers) =>
        conn.call(remoteName, args, { ...callOpts, ...(headers !== undefined ? { headers } : {}) }),
      );
    },
    features() {
      const all = [...byName.values()].map((s) => s.lister.extras());
      return {
        resources: all.some((e) => e.resources.length > 0 || e.templates.length > 0),
        prompts: all.some((e) => e.prompts.length > 0),
        completions: all.some((e) => e.completions),
        logging: all.some((e) => e.logging),
      };
    },
    async resources(reqOpts = {}) {
      const lists = await Promise.all(
        [...byName].map(async ([name, s]) => {
          const own = s.tenants?.peek(reqOpts.caller?.tenantId ?? NO_TENANT);
          let list = s.lister.extras().resources;
          if (own !== undefined && own.extras().resources.length + own.extras().templates.length > 0) {
            list = await own
              .request('resources/list', (client, o) => client.listResources(undefined, o), {
                target: '',
                ...(reqOpts.signal !== undefined ? { signal: reqOpts.signal } : {}),
              })
              .then((r) => r.resources)
              .catch(() => list);
          }
          return list.map((r) => ({ ...r, uri: namespacedUri(name, r.uri) }));
        }),
      );
      return lists.flat();
    },
    resourceTemplates() {
      return [...byName].flatMap(([name, s]) =>
        s.lister.extras().templates.map((t) => ({ ...t, uriTemplate: namespacedUri(name, t.uriTemplate) })),
      );
    },
    prompts() {
      promptOwners();
      return [...byName].flatMap(([name, s]) =>
        s.lister.extras().prompts.map((p) => ({ ...p, name: namespacedPrompt(name, p.name) })),
      );
    },
    async readResource(uri, reqOpts = {}) {
      const target = splitUri(uri);
      if (target === undefined || !byName.has(target.server)) {
        throw new PorticoError(
          'not_found',
          `Unknown resource "${uri}": Portico's resource URIs look like portico:<server>/<uri>; call resources/list to see them.`,
          { uri },
        );
      }
      const result = await request(target.server, 'resources/read', target.uri, reqOpts, (client, o) =>
        client.readResource({ uri: target.uri }, o),
      );
      return {
        ...result,
        contents: result.contents.map((c) => ({ ...c, uri: namespacedUri(target.server, c.uri) })),
      };
    },
    async getPrompt(name, args, reqOpts = {}) {
      const owner = promptOwners().get(name);
      if (owner === undefined) {
        throw new PorticoError(
          'not_found',
          `Unknown prompt "${name}": call prompts/list to see the prompts.`,
          {
            prompt: name,
          },
        );
      }
      return request(owner.server, 'prompts/get', owner.name, reqOpts, (client, o) =>
        client.getPrompt({ name: owner.name, ...(args !== undefined ? { arguments: args } : {}) }, o),
      );
    },
    async complete(params, reqOpts = {}) {
      const ref = params.ref;
      let server: string;
      let forwarded: typeof ref;
      if (ref.type === 'ref/prompt') {
        const owner = promptOwners().get(ref.name);
        if (owner === undefined) {
          throw new PorticoError('not_found', `Unknown prompt "${ref.name}" in completion/complete.`, {
            prompt: ref.name,
          });
        }
        server = owner.server;
        forwarded = { ...ref, name: owner.name };
      } else {
        const target = splitUri(ref.uri);
        if (target === undefined || !byName.has(target.server)) {
          throw new PorticoError(
            'not_found',
            `Unknown resource template "${ref.uri}" in completion/complete.`,
            {
              uri: ref.uri,
            },
          );
        }
        server = target.server;
        forwarded = { ...ref, uri: target.uri };
      }
      return request(
        server,
        'completion/complete',
        forwarded.type === 'ref/prompt' ? forwarded.name : forwarded.uri,
        reqOpts,
        (client, o) => client.complete({ ...params, ref: forwarded }, o),
      );
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      closed ??= Promise.all(
        [...byName.values()].flatMap((s) => [s.lister.close(), s.tenants?.close()]),
      ).then(() => listeners.clear());
      return closed;
    },
  };
}
