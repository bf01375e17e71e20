import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { mergeServerEntry, planSetup, setupConfigPath, writeSetup } from '../../src/bridge/index.js';
import { runPortico } from '../support/cli.js';
import { tempCredentials } from './support.js';

const URL_ = 'https://mcp.example.com/mcp';

describe('setup snippets', () => {
  it('hosted URL with a bearer header for cursor, vscode and claude-code; the token shortened unless revealed', () => {
    const input = {
      gatewayUrl: URL_,
      name: 'flowhub',
      mode: 'token' as const,
      token: 'mcp_abcdefgh_SECRETPART',
    };
    const cursor = planSetup({ ...input, client: 'cursor' });
    expect(cursor.key).toBe('mcpServers');
    expect(cursor.entry).toEqual({ url: URL_, headers: { Authorization: 'Bearer mcp_abcd…' } });
    expect(cursor.text).not.toContain('SECRETPART');
    expect(planSetup({ ...input, client: 'cursor' }, true).entry).toEqual({
      url: URL_,
      headers: { Authorization: 'Bearer mcp_abcdefgh_SECRETPART' },
    });
    const vscode = planSetup({ ...input, client: 'vscode' }, true);
    expect(vscode.key).toBe('servers');
    expect(vscode.entry).toMatchObject({ type: 'http', url: URL_ });
    expect(planSetup({ ...input, client: 'claude-code' }, true).text).toContain(
      `claude mcp add --transport http flowhub ${URL_} --header "Authorization: Bearer mcp_abcdefgh_SECRETPART"`,
    );
  });

  it('the bridge as a stdio command, and text-only clients', () => {
    const bridge = { gatewayUrl: URL_, name: 'flowhub', mode: 'bridge' as const };
    expect(planSetup({ ...bridge, client: 'claude-desktop' }).entry).toEqual({
      command: 'npx',
      args: ['-y', 'portico', 'connect', URL_],
    });
    expect(planSetup({ ...bridge, client: 'vscode' }).entry).toMatchObject({ type: 'stdio', command: 'npx' });
    const chatgpt = planSetup({ ...bridge, client: 'chatgpt' });
    expect(chatgpt.entry).toBeUndefined();
    expect(chatgpt.text).toContain(URL_);
    const py = planSetup({ ...bridge, client: 'openai-agents' }).text;
    expect(py).toContain('MCPServerStreamableHttp(');
    expect(py).toContain(`"url": "${URL_}"`);
  });

  it('config paths per platform, with the override', () => {
    expect(setupConfigPath('claude-desktop', {}, 'darwin')).toMatch(
      /Library\/Application Support\/Claude\/claude_desktop_config.json$/,
    );
    expect(setupConfigPath('claude-desktop', { APPDATA: 'C:\\Users\\u\\AppData\\Roaming' }, 'win32')).toMatch(
      /Roaming.Claude.claude_desktop_config.json$/,
    );
    expect(setupConfigPath('claude-desktop', {}, 'linux')).toMatch(
      /\.config\/Claude\/claude_desktop_config.json$/,
    );
    expect(setupConfigPath('cursor', {}, 'linux')).toMatch(/\.cursor\/mcp.json$/);
    expect(setupConfigPath('vscode', {}, 'linux', '/proj')).toBe('/proj/.vscode/mcp.json');
    expect(setupConfigPath('cursor', { PORTICO_SETUP_CONFIG_FILE: '/tmp/x.json' })).toBe('/tmp/x.json');
    expect(setupConfigPath('chatgpt', {})).toBeUndefined();
  });
});

describe('setup --write', () => {
  it('merges into an existing config, keeping other servers and settings', async () => {
    const file = tempCredentials().replace('credentials.json', 'mcp.json');
    writeFileSync(
      file,
      JSON.stringify({
        theme: 'dark',
        mcpServers: { other: { command: 'other-server' }, flowhub: { url: 'old' } },
      }),
      { mode: 0o644 },
    );
    const { replaced } = await writeSetup(file, 'mcpServers', 'flowhub', { url: URL_ });
    expect(replaced).toBe(true);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({
      theme: 'dark',
      mcpServers: { other: { command: 'other-server' }, flowhub: { url: URL_ } },
    });
    expect(statSync(file).mode & 0o777).toBe(0o644);
    expect(mergeServerEntry(undefined, 'servers', 'a', { x: 1 })).toEqual({
      config: { servers: { a: { x: 1 } } },
      replaced: false,
    });
  });

  it('refuses to rewrite a file that is not plain JSON', async () => {
    const file = tempCredentials().replace('credentials.json', 'mcp.json');
    writeFileSync(file, '{ // comment\n "servers": {} }');
    await expect(writeSetup(file, 'servers', 'x', {})).rejects.toThrow(/not plain JSON/);
    expect(readFileSync(file, 'utf8')).toContain('// comment');
  });

  it('the CLI writes the real token into the file but prints it shortened', async () => {
    const file = tempCredentials().replace('credentials.json', 'cursor.json');
    writeFileSync(file, JSON.stringify({ mcpServers: { keep: { url: 'https://keep' } } }));
    const r = await runPortico(
      ['setup', 'cursor', URL_, '--token', 'mcp_abcdefgh_SECRETPART', '--name', 'flowhub', '--write'],
      {
        PORTICO_SETUP_CONFIG_FILE: file,
      },
    );
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain('SECRETPART');
    expect(r.stdout).toContain(`Added "flowhub" in ${file}`);
    expect(JSON.parse(readFileSync(file, 'utf8')).mcpServers).toEqual({
      keep: { url: 'https://keep' },
      flowhub: { url: URL_, headers: { Authorization: 'Bearer mcp_abcdefgh_SECRETPART' } },
    });
  });
});
