import { UriTemplate } from '@modelcontextprotocol/client';
import { toolName } from '../catalog/index.js';
import { PorticoError } from '../errors/index.js';
import type { McpServerConfig, NamingConfig } from '../spec/index.js';

/** Scheme of namespaced resource URIs: `portico:<server>/<the server's own URI>`. */
const URI_PREFIX = 'portico:';

/** A server's resource URI (or URI template) in the namespaced form `portico:<server>/<uri>`. */
export function namespacedUri(server: string, uri: string): string {
  return `${URI_PREFIX}${server}/${uri}`;
}

/** The server and its own URI behind a namespaced URI; undefined when it is not one of Portico's. */
export function splitUri(uri: string): { server: string; uri: string } | undefined {
  if (!uri.startsWith(URI_PREFIX)) return undefined;
  const rest = uri.slice(URI_PREFIX.length);
  const slash = rest.indexOf('/');
  if (slash <= 0) return undefined;
  return { server: rest.slice(0, slash), uri: rest.slice(slash + 1) };
}

/**
 * The naming `createFederation` uses when given none (callers without a config): `namespaced`
 * with `.`, at most 128 characters (SEP-986's bound).
 */
export const DEFAULT_FEDERATION_NAMING: NamingConfig = {
  strategy: 'namespaced',
  separator: '.',
  maxLength: 128,
  onCollision: 'fail',
};

/** What the resolver knows of one server's resources (its last listings). */
export interface ResourceOwner {
  server: string;
  uris: readonly string[];
  templates: readonly string[];
}

/** A published prompt name or resource URI resolved to its server and the server's own form. */
export interface Resolved {
  server: string;
  name: string;
}

/**
 * How federated prompts and resources are published, from the catalogue's `naming`: prompt names
 * are built like the server's tool names ({@link toolName}: strategy, separator, template,
 * sanitizing, `max_length`); resource URIs and URI templates are the server's own with
 * `strategy: flat`, else `portico:<server>/<uri>`. Owns both directions (publish and resolve) and
 * the collision checks.
 */
export interface PublishedNames {
  /** `naming.strategy` is `flat`: URIs are the servers' own. */
  readonly flat: boolean;
  /** A server's prompt name as published. */
  prompt(server: McpServerConfig, name: string): string;
  /** A server's resource URI (or URI template) as published. */
  uri(server: string, uri: string): string;
  /**
   * Published prompt name → owner, failing fast (`config_invalid`, both owners) when two servers'
   * prompts publish the same name.
   */
  promptIndex(lists: Iterable<[server: McpServerConfig, names: readonly string[]]>): Map<string, Resolved>;
  /**
   * Fail fast (`config_invalid`, both owners) when two servers publish the same resource URI or
   * URI template. Only flat URIs can collide (a server name contains no `/`).
   */
  checkUris(owners: readonly ResourceOwner[]): void;
  /**
   * The server (among `owners`, every federated server) and its own URI behind a published
   * resource URI or URI template. Flat: the server listing it (as a resource or a template's
   * text), else the one whose URI template matches it, else the only server offering resources;
   * otherwise `not_found` naming the URI.
   */
  resolveUri(uri: string, owners: readonly ResourceOwner[], what?: string): Resolved;
}

/** The {@link PublishedNames} of one `naming` config. */
export function publishedNames(naming: NamingConfig): PublishedNames {
  const flat = naming.strategy === 'flat';
  const prompt = (server: McpServerConfig, name: string) =>
    toolName(
      {
        owner: server.name,
        baseName: name,
        identity: server.identity,
        label: `MCP server "${server.name}" prompt "${name}"`,
      },
      naming,
    );
  return {
    flat,
    prompt,
    uri: (server, uri) => (flat ? uri : namespacedUri(server, uri)),
    promptIndex(lists) {
      const out = new Map<string, Resolved>();
      for (const [server, names] of lists) {
        for (const name of names) {
          const published = prompt(server, name);
          const other = out.get(published);
          if (other !== undefined && (other.server !== server.name || other.name !== name)) {
            throw collision('Prompt name', published, other, { server: server.name, name }, naming);
          }
          out.set(published, { server: server.name, name });
        }
      }
      return out;
    },
    checkUris(owners) {
      if (!flat) return;
      for (const kind of ['uris', 'templates'] as const) {
        const seen = new Map<string, string>();
        for (const owner of owners) {
          for (const uri of new Set(owner[kind])) {
            const other = seen.get(uri);
            if (other !== undefined) {
              const label = kind === 'uris' ? 'Resource URI' : 'Resource URI template';
              throw collision(
                label,
                uri,
                { server: other, name: uri },
                { server: owner.server, name: uri },
                naming,
              );
            }
            seen.set(uri, owner.server);
          }
        }
      }
    },
    resolveUri(uri, owners, what = 'resource') {
      if (!flat) {
        const target = splitUri(uri);
        if (target !== undefined && owners.some((o) => o.server === target.server)) {
          return { server: target.server, name: target.uri };
        }
        throw new PorticoError(
          'not_found',
          `Unknown ${what} "${uri}": Portico's resource URIs look like portico:<server>/<uri>; call resources/list to see them.`,
          { uri },
        );
      }
      return resolveFlat(uri, owners, what, naming);
    },
  };
}

function resolveFlat(
  uri: string,
  owners: readonly ResourceOwner[],
  what: string,
  naming: NamingConfig,
): Resolved {
  const listing = owners.filter((o) => o.uris.includes(uri) || o.templates.includes(uri));
  const matching =
    listing.length > 0 ? listing : owners.filter((o) => o.templates.some((t) => templateMatches(t, uri)));
  if (matching.length > 1 && listing.length > 0) {
    throw collision(
      'Resource URI',
      uri,
      { server: matching[0]!.server, name: uri },
      { server: matching[1]!.server, name: uri },
      naming,
    );
  }
  const offering = owners.filter((o) => o.uris.length + o.templates.length > 0);
  const candidates = matching.length > 0 ? matching : offering.length === 1 ? offering : [];
  if (candidates.length === 1) return { server: candidates[0]!.server, name: uri };
  const servers = (matching.length > 1 ? matching : offering).map((o) => `"${o.server}"`).join(', ');
  const why =
    matching.length > 1
      ? `the URI templates of MCP servers ${servers} all match it`
      : offering.length === 0
        ? 'no federated MCP server offers resources'
        : `no MCP server lists it or has a URI template matching it (servers with resources: ${servers})`;
  throw new PorticoError(
    'not_found',
    `Unknown ${what} "${uri}": ${why}. Call resources/list and resources/templates/list to see the published URIs, or set naming.strategy: namespaced to publish them as portico:<server>/<uri>.`,
    { uri, ...(matching.length > 1 ? { owners: matching.map((o) => o.server) } : {}) },
  );
}

/** RFC 6570 (level 1–2 is what servers use) match of a concrete URI against a URI template. */
function templateMatches(template: string, uri: string): boolean {
  try {
    return new UriTemplate(template).match(uri) !== null;
  } catch {
    // A template the SDK cannot parse (too long, unbalanced braces) matches nothing.
    return false;
  }
}

function collision(
  what: string,
  published: string,
  a: Resolved,
  b: Resolved,
  naming: NamingConfig,
): PorticoError {
  const kind = what === 'Prompt name' ? 'prompt' : 'resource';
  const hint =
    naming.strategy === 'flat'
      ? 'Rename one of them on its server, federate only one of the servers, or set naming.strategy: namespaced.'
      : naming.strategy === 'template'
        ? 'Rename one of the mcp_servers entries, or put {system} in naming.template.'
        : 'Rename one of the mcp_servers entries.';
  return new PorticoError(
    'config_invalid',
    `${what} collision: "${published}" is both ${kind} "${a.name}" of MCP server "${a.server}" and ${kind} "${b.name}" of MCP server "${b.server}". ${hint}`,
    { [kind === 'prompt' ? 'prompt' : 'uri']: published, owners: [a.server, b.server] },
  );
}
