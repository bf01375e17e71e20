import type { Client } from '@modelcontextprotocol/client';
import { PorticoError } from '../errors/index.js';
import type { McpServerConfig } from '../spec/index.js';
import type { CallerRevision } from './caller-revision.js';
import type { PublishedNames, ResourceOwner } from './namespace.js';
import { withPublishedContentUri } from './published-uris.js';
import type { RequestRunOptions, ServerConnection } from './server-connection.js';
import type { TenantInstances } from './tenant-instances.js';
import type { FederatedCaller, FederatedRequestOptions, Federation } from './types.js';

/** One `mcp_servers` entry at run time. */
export interface Federated {
  config: McpServerConfig;
  /** Lists the tools (and, for `shared` servers, serves every call). */
  lister: ServerConnection;
  /** `per_tenant` servers: the tenants' own instances. */
  tenants?: TenantInstances;
  /** `shared` servers with `match_caller_revision`: the listing connection and one in the other era. */
  revisions?: CallerRevision;
}

/** One request on a connected client (see {@link RequestRunOptions}). */
export type RequestRun<T> = (client: Client, opts: RequestRunOptions) => Promise<T>;

/** Send one request to `server` for the caller (its tenant instance when `per_tenant`). */
export type ForwardRequest = <T>(
  server: string,
  method: string,
  target: string,
  opts: FederatedRequestOptions,
  run: RequestRun<T>,
) => Promise<T>;

type Features = Pick<
  Federation,
  'features' | 'resources' | 'resourceTemplates' | 'prompts' | 'readResource' | 'getPrompt' | 'complete'
>;

/**
 * The resource owners the published URIs resolve against: every server's last listing, plus the
 * resources of the caller's running instance of a `per_tenant` server.
 */
export function resourceOwners(byName: ReadonlyMap<string, Federated>, tenant: string): ResourceOwner[] {
  return [...byName].map(([server, s]) => {
    const listed = s.lister.extras();
    const own = s.tenants?.peek(tenant)?.extras();
    const uris = listed.resources.map((r) => r.uri);
    if (own !== undefined) uris.push(...own.resources.map((r) => r.uri));
    return { server, uris, templates: listed.templates.map((t) => t.uriTemplate) };
  });
}

/**
 * Resources, resource templates, prompts and completions of the federated servers, published by
 * `names` (the catalogue's naming: see {@link PublishedNames}).
 */
export function createFeatures(
  byName: ReadonlyMap<string, Federated>,
  request: ForwardRequest,
  tenantOf: (caller: FederatedCaller | undefined) => string,
  names: PublishedNames,
): Features {
  const promptOwners = () =>
    names.promptIndex(
      [...byName.values()].map((s) => [s.config, s.lister.extras().prompts.map((p) => p.name)]),
    );
  const resolve = (uri: string, caller: FederatedCaller | undefined, what?: string) =>
    names.resolveUri(uri, resourceOwners(byName, tenantOf(caller)), what);
  return {
    features() {
      const all = [...byName.values()].map((s) => s.lister.extras());
      return {
        resources: all.some((e) => e.resources.length > 0 || e.templates.length > 0),
        prompts: all.some((e) => e.prompts.length > 0),
        completions: all.some((e) => e.completions),
        logging: all.some((e) => e.logging),
        subscribe: all.some((e) => e.subscribe),
        tasks: {
          toolsCall: all.some((e) => e.tasks.toolsCall),
          list: all.some((e) => e.tasks.list),
          cancel: all.some((e) => e.tasks.cancel),
        },
      };
    },
    async resources(reqOpts = {}) {
      const lists = await Promise.all(
        [...byName].map(async ([name, s]) => {
          const own = s.tenants?.peek(tenantOf(reqOpts.caller));
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
          return { server: name, list };
        }),
      );
      names.checkUris(
        lists.map(({ server, list }) => ({ server, uris: list.map((r) => r.uri), templates: [] })),
      );
      return lists.flatMap(({ server, list }) => list.map((r) => ({ ...r, uri: names.uri(server, r.uri) })));
    },
    resourceTemplates() {
      const all = [...byName].map(([server, s]) => ({ server, list: s.lister.extras().templates }));
      names.checkUris(
        all.map(({ server, list }) => ({ server, uris: [], templates: list.map((t) => t.uriTemplate) })),
      );
      return all.flatMap(({ server, list }) =>
        list.map((t) => ({ ...t, uriTemplate: names.uri(server, t.uriTemplate) })),
      );
    },
    prompts() {
      promptOwners();
      return [...byName.values()].flatMap((s) =>
        s.lister.extras().prompts.map((p) => ({ ...p, name: names.prompt(s.config, p.name) })),
      );
    },
    async readResource(uri, reqOpts = {}) {
      const target = resolve(uri, reqOpts.caller);
      const result = await request(target.server, 'resources/read', target.name, reqOpts, (client, o) =>
        client.readResource({ uri: target.name, ...o.params }, o),
      );
      return {
        ...result,
        contents: result.contents.map((c) => ({ ...c, uri: names.uri(target.server, c.uri) })),
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
      const result = await request(owner.server, 'prompts/get', owner.name, reqOpts, (client, o) =>
        client.getPrompt(
          { name: owner.name, ...(args !== undefined ? { arguments: args } : {}), ...o.params },
          o,
        ),
      );
      const publish = (uri: string) => names.uri(owner.server, uri);
      return {
        ...result,
        messages: result.messages.map((m) => ({
          ...m,
          content: withPublishedContentUri(m.content, publish),
        })),
      };
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
        const target = resolve(ref.uri, reqOpts.caller, 'resource template');
        server = target.server;
        forwarded = { ...ref, uri: target.name };
      }
      return request(
        server,
        'completion/complete',
        forwarded.type === 'ref/prompt' ? forwarded.name : forwarded.uri,
        reqOpts,
        (client, o) => client.complete({ ...params, ref: forwarded }, o),
      );
    },
  };
}
