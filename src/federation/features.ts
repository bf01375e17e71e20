import type { Client } from '@modelcontextprotocol/client';
import { PorticoError } from '../errors/index.js';
import type { McpServerConfig } from '../spec/index.js';
import { namespacedPrompt, namespacedUri, promptIndex, splitUri } from './namespace.js';
import type { ServerConnection } from './server-connection.js';
import type { TenantInstances } from './tenant-instances.js';
import type { FederatedCaller, FederatedRequestOptions, Federation } from './types.js';

/** One `mcp_servers` entry at run time. */
export interface Federated {
  config: McpServerConfig;
  /** Lists the tools (and, for `shared` servers, serves every call). */
  lister: ServerConnection;
  /** `per_tenant` servers: the tenants' own instances. */
  tenants?: TenantInstances;
}

/** One request on a connected client (bounded by the server's timeout, cancelled with `signal`). */
export type RequestRun<T> = (client: Client, opts: { timeout: number; signal?: AbortSignal }) => Promise<T>;

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
 * Resources, resource templates, prompts and completions of the federated servers, namespaced:
 * URIs `portico:<server>/<uri>`, prompt names `<server>.<name>`.
 */
export function createFeatures(
  byName: ReadonlyMap<string, Federated>,
  request: ForwardRequest,
  tenantOf: (caller: FederatedCaller | undefined) => string,
): Features {
  const promptOwners = () =>
    promptIndex([...byName].map(([name, s]) => [name, s.lister.extras().prompts.map((p) => p.name)]));
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
  };
}
