import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { PorticoError } from '../errors/index.js';

/** MCP clients `portico setup` knows. */
export const SETUP_CLIENTS = [
  'claude-desktop',
  'claude-code',
  'cursor',
  'vscode',
  'chatgpt',
  'openai-agents',
] as const;
/** One of {@link SETUP_CLIENTS}. */
export type SetupClient = (typeof SETUP_CLIENTS)[number];

/** What to configure. */
export interface SetupInput {
  client: SetupClient;
  /** Normalized gateway MCP URL. */
  gatewayUrl: string;
  /** Server name in the client's config. */
  name: string;
  /** `token`: hosted URL + bearer header; `bridge`: `npx portico connect <url>` as a stdio command. */
  mode: 'token' | 'bridge';
  /** The mcp_ token for `token` mode (omitted: a placeholder). */
  token?: string;
}

/** A rendered setup: text to print, and for file-based clients the entry to merge. */
export interface SetupPlan {
  text: string;
  /** Top-level key holding servers (`mcpServers`, or `servers` for VS Code). */
  key?: 'mcpServers' | 'servers';
  entry?: Record<string, unknown>;
}

const TOKEN_PLACEHOLDER = '<your mcp_ token>';

/** Bridge command: `npx -y portico connect <url>`. */
export function bridgeCommand(gatewayUrl: string): { command: string; args: string[] } {
  return { command: 'npx', args: ['-y', 'portico', 'connect', gatewayUrl] };
}

function bearer(input: SetupInput, reveal: boolean): string {
  const token =
    input.token === undefined ? TOKEN_PLACEHOLDER : reveal ? input.token : `${input.token.slice(0, 8)}…`;
  return `Bearer ${token}`;
}

/**
 * The config entry (and instructions) for a client. `reveal` puts the real token into the entry
 * (for writing the file); otherwise it is shortened so printed output carries no secret.
 */
export function planSetup(input: SetupInput, reveal = false): SetupPlan {
  const { gatewayUrl: url, name } = input;
  const bridge = bridgeCommand(url);
  const hostedHeaders = { Authorization: bearer(input, reveal) };
  const show = (key: 'mcpServers' | 'servers', entry: Record<string, unknown>) =>
    JSON.stringify({ [key]: { [name]: entry } }, null, 2);
  switch (input.client) {
    case 'claude-desktop': {
      // Claude Desktop's config file starts local (stdio) servers; remote ones are added as connectors.
      const entry: Record<string, unknown> =
        input.mode === 'token'
          ? { ...bridge, env: { PORTICO_TOKEN: bearer(input, reveal).slice(7) } }
          : { ...bridge };
      return {
        key: 'mcpServers',
        entry,
        text:
          `Claude Desktop (claude_desktop_config.json; restart Claude after editing):\n${show('mcpServers', entry)}\n` +
          (input.mode === 'bridge' ? `Sign in first: npx portico login ${url}\n` : '') +
          `Or, on plans with custom connectors: Settings → Connectors → Add custom connector → ${url} (signs in with OAuth).`,
      };
    }
    case 'cursor': {
      const entry = input.mode === 'token' ? { url, headers: hostedHeaders } : { ...bridge };
      return {
        key: 'mcpServers',
        entry,
        text: `Cursor (~/.cursor/mcp.json):\n${show('mcpServers', entry)}${input.mode === 'bridge' ? `\nSign in first: npx portico login ${url}` : ''}`,
      };
    }
    case 'vscode': {
      const entry =
        input.mode === 'token' ? { type: 'http', url, headers: hostedHeaders } : { type: 'stdio', ...bridge };
      return {
        key: 'servers',
        entry,
        text: `VS Code (.vscode/mcp.json in your workspace):\n${show('servers', entry)}${input.mode === 'bridge' ? `\nSign in first: npx portico login ${url}` : ''}`,
      };
    }
    case 'claude-code': {
      const entry =
        input.mode === 'token' ? { type: 'http', url, headers: hostedHeaders } : { type: 'stdio', ...bridge };
      const cmd =
        input.mode === 'token'
          ? `claude mcp add --transport http ${name} ${url} --header "Authorization: ${bearer(input, reveal)}"`
          : `claude mcp add ${name} -- ${bridge.command} ${bridge.args.join(' ')}`;
      return {
        key: 'mcpServers',
        entry,
        text: `Claude Code: run\n  ${cmd}\nor add to ~/.claude.json:\n${show('mcpServers', entry)}`,
      };
    }
    case 'chatgpt':
      return {
        text:
          `ChatGPT (Settings → Connectors → Advanced → Developer mode, then Create connector):\n` +
          `  Name: ${name}\n  MCP server URL: ${url}\n` +
          `  Authentication: OAuth — ChatGPT discovers Portico's sign-in from the URL and opens it for you.\n` +
          `ChatGPT connects to the hosted URL itself; it cannot use portico connect or a static token header.`,
      };
    case 'openai-agents': {
      const py = [
        'import asyncio, os',
        'from agents import Agent, Runner',
        'from agents.mcp import MCPServerStreamableHttp',
        '',
        'async def main():',
        '    async with MCPServerStreamableHttp(',
        `        name="${name}",`,
        '        params={',
        `            "url": "${url}",`,
        '            "headers": {"Authorization": f"Bearer {os.environ[\'PORTICO_TOKEN\']}"},',
        '        },',
        '        cache_tools_list=True,',
        '    ) as server:',
        `        agent = Agent(name="Assistant", mcp_servers=[server])`,
        '        result = await Runner.run(agent, "What can you do?")',
        '        print(result.final_output)',
        '',
        'asyncio.run(main())',
      ].join('\n');
      return { text: `OpenAI Agents SDK (pip install openai-agents; export PORTICO_TOKEN=mcp_…):\n\n${py}` };
    }
  }
}

/** The client's config file: PORTICO_SETUP_CONFIG_FILE, else its usual place (undefined: none). */
export function setupConfigPath(
  client: SetupClient,
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  cwd: string = process.cwd(),
): string | undefined {
  const override = env.PORTICO_SETUP_CONFIG_FILE;
  if (override !== undefined && override !== '') return override;
  const home = homedir();
  switch (client) {
    case 'claude-desktop':
      if (platform === 'darwin')
        return join(home, 'Library', 'Application Support', 'Claude', 'claude_desktop_config.json');
      if (platform === 'win32')
        return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'Claude', 'claude_desktop_config.json');
      return join(env.XDG_CONFIG_HOME ?? join(home, '.config'), 'Claude', 'claude_desktop_config.json');
    case 'cursor':
      return join(home, '.cursor', 'mcp.json');
    case 'vscode':
      return join(cwd, '.vscode', 'mcp.json');
    case 'claude-code':
      return join(home, '.claude.json');
    default:
      return undefined;
  }
}

/** `existing` with `entry` set at `[key][name]`, every other setting kept. */
export function mergeServerEntry(
  existing: unknown,
  key: 'mcpServers' | 'servers',
  name: string,
  entry: Record<string, unknown>,
): { config: Record<string, unknown>; replaced: boolean } {
  const config: Record<string, unknown> =
    existing !== null && typeof existing === 'object' && !Array.isArray(existing)
      ? { ...(existing as object) }
      : {};
  const current = config[key];
  const servers: Record<string, unknown> =
    current !== null && typeof current === 'object' && !Array.isArray(current)
      ? { ...(current as object) }
      : {};
  const replaced = name in servers;
  servers[name] = entry;
  config[key] = servers;
  return { config, replaced };
}

/** Merge the entry into the config file at `path` (created if missing), atomically, keeping its mode. */
export async function writeSetup(
  path: string,
  key: 'mcpServers' | 'servers',
  name: string,
  entry: Record<string, unknown>,
): Promise<{ replaced: boolean }> {
  let existing: unknown = {};
  let mode = 0o600;
  try {
    const text = await readFile(path, 'utf8');
    mode = (await stat(path)).mode & 0o777;
    if (text.trim() !== '') {
      try {
        existing = JSON.parse(text);
      } catch {
        throw new PorticoError(
          'invalid_input',
          `${path} is not plain JSON (comments or a syntax error?), so it cannot be merged safely. Add the printed entry by hand.`,
        );
      }
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const { config, replaced } = mergeServerEntry(existing, key, name, entry);
  await mkdir(dirname(path), { recursive: true });
  const tmp = join(dirname(path), `.portico-setup.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await writeFile(tmp, `${JSON.stringify(config, null, 2)}\n`, { mode });
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
  return { replaced };
}
