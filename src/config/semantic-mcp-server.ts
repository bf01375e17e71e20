import type { PathSegment } from './locate.js';
import { asMap, checkHeaderName, checkName, checkUrl, type SemanticContext } from './semantic-context.js';

const URL_ONLY = ['headers', 'bearer', 'tenant_credential', 'identity_headers'] as const;
const COMMAND_ONLY = ['args', 'env', 'cwd'] as const;
const PAIRS =
  'remove it: headers, bearer, tenant_credential and identity_headers go with url, args, env and cwd with command';
const EXAMPLE =
  'a remote server: url: https://mcp.example.com/mcp; a local one: command: node, args: [./server.js]';

/**
 * Checks of one `mcp_servers` entry: its name, exactly one of `url` (an http(s) URL, with optional
 * `headers` / `bearer`) and `command` (with optional `args` / `env` / `cwd`), header names.
 */
export function checkMcpServer(ctx: SemanticContext, name: string, server: Record<string, unknown>): void {
  const path: PathSegment[] = ['mcp_servers', name];
  checkName(ctx, path, name, 'MCP server', 'key');
  const hasUrl = server.url !== undefined && server.url !== null;
  const hasCommand = server.command !== undefined && server.command !== null;
  if (hasUrl && hasCommand) {
    ctx.report(
      [...path, 'command'],
      'key',
      'give either url (remote server) or command (local stdio server), not both',
      {
        hint: EXAMPLE,
      },
    );
  } else if (!hasUrl && !hasCommand) {
    ctx.report(path, 'key', `MCP server "${name}" needs url or command`, { hint: EXAMPLE });
  }
  if (hasUrl) checkUrl(ctx, [...path, 'url'], server.url, 'https://mcp.example.com/mcp');
  if (hasUrl && !hasCommand) misplaced(ctx, path, server, COMMAND_ONLY, 'command (stdio) servers');
  if (hasCommand && !hasUrl) misplaced(ctx, path, server, URL_ONLY, 'url (remote) servers');
  for (const key of ['headers', 'identity_headers'] as const) {
    for (const header of Object.keys(asMap(server[key]) ?? {})) {
      checkHeaderName(ctx, [...path, key, header], header, 'key');
    }
  }
}

function misplaced(
  ctx: SemanticContext,
  path: PathSegment[],
  server: Record<string, unknown>,
  keys: readonly string[],
  what: string,
): void {
  for (const key of keys) {
    if (server[key] === undefined) continue;
    ctx.report([...path, key], 'key', `${key} is only for ${what}`, { hint: PAIRS });
  }
}
