import { PorticoError } from '../errors/index.js';

/** Scheme of namespaced resource URIs: `portico:<server>/<the server's own URI>`. */
const URI_PREFIX = 'portico:';

/** A server's resource URI (or URI template) as Portico publishes it. */
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

/** A server's prompt name as Portico publishes it (`<server>.<name>`, like tool names). */
export function namespacedPrompt(server: string, name: string): string {
  return `${server}.${name}`;
}

/**
 * Published name → owner, failing fast when two servers' prompts publish the same name (server
 * names may contain dots: `a` + `b.x` and `a.b` + `x` both give `a.b.x`).
 */
export function promptIndex(
  lists: Iterable<[server: string, names: string[]]>,
): Map<string, { server: string; name: string }> {
  const out = new Map<string, { server: string; name: string }>();
  for (const [server, names] of lists) {
    for (const name of names) {
      const published = namespacedPrompt(server, name);
      const other = out.get(published);
      if (other !== undefined) {
        throw new PorticoError(
          'config_invalid',
          `Prompt name collision: "${published}" is both prompt "${other.name}" of MCP server "${other.server}" and prompt "${name}" of MCP server "${server}". Rename one of the mcp_servers entries.`,
          { prompt: published, owners: [other.server, server] },
        );
      }
      out.set(published, { server, name });
    }
  }
  return out;
}
