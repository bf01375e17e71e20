import { planSetup, SETUP_CLIENTS, type SetupClient } from '../bridge/setup.js';

const NAMES: Record<SetupClient, string> = {
  'claude-desktop': 'Claude Desktop',
  'claude-code': 'Claude Code',
  cursor: 'Cursor',
  vscode: 'VS Code',
  chatgpt: 'ChatGPT custom connector',
  'openai-agents': 'OpenAI Agents SDK',
};

/** One client's ready-to-paste setup. */
export interface Snippet {
  id: string;
  title: string;
  text: string;
}

/**
 * Setup text for every supported client (the same as `portico setup`) with the token filled in
 * when given, plus the stdio bridge `npx portico connect`.
 */
export function setupSnippets(mcpUrl: string, token: string | undefined, name = 'portico'): Snippet[] {
  const out: Snippet[] = SETUP_CLIENTS.map((client) => ({
    id: `setup-${client}`,
    title: NAMES[client],
    text: planSetup(
      { client, gatewayUrl: mcpUrl, name, mode: 'token', ...(token !== undefined ? { token } : {}) },
      true,
    ).text,
  }));
  out.push({
    id: 'setup-bridge',
    title: 'Any stdio client (npx portico connect)',
    text: [
      token === undefined
        ? `npx portico login ${mcpUrl} --token <your mcp_ token>`
        : `npx portico login ${mcpUrl} --token ${token}`,
      `npx portico connect ${mcpUrl}`,
    ].join('\n'),
  });
  return out;
}
