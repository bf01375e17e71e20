/** Parent → child commands. */
export type Command = { type: 'stop' } | { type: 'profile-start' } | { type: 'profile-stop'; file: string };

/** What a server child reports besides its URL. */
export interface ReadyInfo {
  /** FlowHub: its workspaces with their API keys (for Portico's tenant credentials). */
  workspaces?: { slug: string; name: string; apiKey: string }[];
  /** Portico: the all-scope `mcp_` token of tenant acme (bench-only, never printed). */
  token?: string;
  /** Portico security bench: one URL per configuration. */
  urls?: Record<string, string>;
}

/** Child → parent messages. */
export type ChildMessage =
  | { type: 'ready'; url: string; info?: ReadyInfo }
  | { type: 'done' }
  | { type: 'result'; result: unknown }
  | { type: 'error'; message: string };

/** Render an error for an IPC message. */
export function errorMessage(err: unknown): ChildMessage {
  return { type: 'error', message: err instanceof Error ? (err.stack ?? err.message) : String(err) };
}
