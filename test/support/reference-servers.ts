import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client, LOG_LEVEL_META_KEY } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { Client as V1Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport as V1Transport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { LoggingMessageNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { connectClient } from './clients.js';

const MODULES = fileURLToPath(new URL('../../node_modules/@modelcontextprotocol/', import.meta.url));

/** The official reference servers (npm), started over stdio as their READMEs describe. */
export const REFERENCE_ENTRIES = {
  everything: join(MODULES, 'server-everything/dist/index.js'),
  memory: join(MODULES, 'server-memory/dist/index.js'),
  filesystem: join(MODULES, 'server-filesystem/dist/index.js'),
} as const;

/** Fresh state for one run of the reference servers: a memory file and a seeded filesystem root. */
export interface ReferenceState {
  dir: string;
  memoryFile: string;
  root: string;
}

export function freshReferenceState(): ReferenceState {
  const dir = mkdtempSync(join(tmpdir(), 'portico-ref-'));
  const root = join(dir, 'root');
  mkdirSync(join(root, 'docs'), { recursive: true });
  writeFileSync(join(root, 'hello.txt'), 'line one\nline two\nline three\n');
  writeFileSync(join(root, 'docs', 'notes.md'), '# Notes\nfederation works\n');
  writeFileSync(
    join(root, 'pixel.png'),
    Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
      'base64',
    ),
  );
  return { dir, memoryFile: join(dir, 'memory.jsonl'), root };
}

/** stdio launch parameters per server for one state. */
export function referenceLaunch(
  state: ReferenceState,
): Record<keyof typeof REFERENCE_ENTRIES, { args: string[]; env: Record<string, string> }> {
  return {
    everything: { args: [REFERENCE_ENTRIES.everything, 'stdio'], env: {} },
    memory: { args: [REFERENCE_ENTRIES.memory], env: { MEMORY_FILE_PATH: state.memoryFile } },
    filesystem: { args: [REFERENCE_ENTRIES.filesystem, state.root], env: {} },
  };
}

/** `mcp_servers` YAML lines starting the three reference servers for `state`. */
export function referenceServersYaml(
  state: ReferenceState,
  extra: Partial<Record<string, string[]>> = {},
): string[] {
  const lines = ['mcp_servers:'];
  for (const [name, launch] of Object.entries(referenceLaunch(state))) {
    lines.push(`  ${name}:`);
    lines.push(`    command: ${JSON.stringify(process.execPath)}`);
    lines.push(`    args: ${JSON.stringify(launch.args)}`);
    if (Object.keys(launch.env).length > 0) lines.push(`    env: ${JSON.stringify(launch.env)}`);
    for (const line of extra[name] ?? []) lines.push(`    ${line}`);
  }
  return lines;
}

/** A client connected straight to one reference server over stdio (no Portico). */
export async function connectDirect(launch: {
  args: string[];
  env: Record<string, string>;
}): Promise<Client> {
  const client = new Client({ name: 'direct', version: '1.0.0' }, { versionNegotiation: { mode: 'legacy' } });
  await client.connect(
    new StdioClientTransport({
      command: process.execPath,
      args: launch.args,
      env: launch.env,
      stderr: 'pipe',
    }),
  );
  return client;
}

/** The three client generations a test runs through Portico. */
export type ClientKind = 'v2-2026-07-28' | 'v2-legacy' | 'v1';
export const CLIENT_KINDS: ClientKind[] = ['v2-2026-07-28', 'v2-legacy', 'v1'];

/** A `completion/complete` request's params. */
export interface CompleteParams {
  ref: { type: 'ref/prompt'; name: string } | { type: 'ref/resource'; uri: string };
  argument: { name: string; value: string };
  context?: { arguments?: Record<string, string> };
}

/** What the tests need from any of the client kinds (the SDKs' own methods, same names in v1 and v2). */
export interface AnyClient {
  listTools(): Promise<{ tools: { name: string }[] }>;
  callTool(name: string, args: Record<string, unknown>): Promise<unknown>;
  listResources(): Promise<{ resources: { uri: string }[] }>;
  listResourceTemplates(): Promise<{ resourceTemplates: { uriTemplate: string }[] }>;
  readResource(uri: string): Promise<{ contents: { uri: string }[] }>;
  listPrompts(): Promise<{ prompts: { name: string }[] }>;
  getPrompt(name: string, args?: Record<string, string>): Promise<unknown>;
  complete(params: CompleteParams): Promise<unknown>;
  /** Receive `notifications/message` (log messages). */
  onLog(handler: (params: { level: string; data: unknown; logger?: string }) => void): void;
  /** `logging/setLevel` (2025-11-25 clients) or the client's per-request level (2026-07-28). */
  setLoggingLevel(level: 'debug' | 'info'): Promise<unknown>;
  close(): Promise<void>;
}

interface SdkClientLike {
  listTools(): Promise<{ tools: { name: string }[] }>;
  callTool(p: { name: string; arguments: Record<string, unknown> }): Promise<unknown>;
  listResources(): Promise<{ resources: { uri: string }[] }>;
  listResourceTemplates(): Promise<{ resourceTemplates: { uriTemplate: string }[] }>;
  readResource(p: { uri: string }): Promise<{ contents: { uri: string }[] }>;
  listPrompts(): Promise<{ prompts: { name: string }[] }>;
  getPrompt(p: { name: string; arguments?: Record<string, string> }): Promise<unknown>;
  complete(p: CompleteParams): Promise<unknown>;
  setLoggingLevel(level: 'debug' | 'info'): Promise<unknown>;
  close(): Promise<void>;
}

type LogHandler = (params: { level: string; data: unknown; logger?: string }) => void;

function wrap(client: SdkClientLike, onLog: (handler: LogHandler) => void): AnyClient {
  return {
    listTools: () => client.listTools(),
    callTool: (name, args) => client.callTool({ name, arguments: args }),
    listResources: () => client.listResources(),
    listResourceTemplates: () => client.listResourceTemplates(),
    readResource: (uri) => client.readResource({ uri }),
    listPrompts: () => client.listPrompts(),
    getPrompt: (name, args) => client.getPrompt({ name, ...(args !== undefined ? { arguments: args } : {}) }),
    complete: (params) => client.complete(params),
    onLog,
    setLoggingLevel: (level) => client.setLoggingLevel(level),
    close: () => client.close(),
  };
}

function wrapV2(client: Client): AnyClient {
  const wrapped = wrap(client as unknown as SdkClientLike, (handler) =>
    client.setNotificationHandler('notifications/message', (n) => handler(n.params)),
  );
  if (client.getNegotiatedProtocolVersion() !== '2026-07-28') return wrapped;
  // 2026-07-28 has no logging/setLevel: the level travels in each request's `_meta`.
  let level: string | undefined;
  return {
    ...wrapped,
    setLoggingLevel: async (next) => {
      level = next;
      return {};
    },
    callTool: (name, args) =>
      client.callTool({
        name,
        arguments: args,
        ...(level !== undefined ? { _meta: { [LOG_LEVEL_META_KEY]: level } } : {}),
      }),
  };
}

/** The 2026-07-28 envelope keys describe the hop (who answered), not the content. */
const HOP_META = ['io.modelcontextprotocol/serverInfo', 'io.modelcontextprotocol/protocolVersion'];
const CLOCK = /\d{1,2}:\d{2}:\d{2}\s?[AP]M/g;

/**
 * A result made comparable across two runs: `root` (when given), file times and the clock times
 * server-everything writes into its generated resources are replaced; hop `_meta` and cache hints dropped.
 */
export function normalized(result: unknown, root?: string): unknown {
  let text = JSON.stringify(result, (key, value: unknown) => {
    if (key === 'blob' && typeof value === 'string') {
      return `blob:${Buffer.from(value, 'base64').toString('latin1').replace(CLOCK, '<clock>')}`;
    }
    // 2026-07-28 cache hints Portico's own server adds; the direct (2025) leg has none.
    if (key === 'ttlMs' || key === 'cacheScope') return undefined;
    if (key === '_meta' && value !== null && typeof value === 'object') {
      const rest = Object.fromEntries(Object.entries(value).filter(([k]) => !HOP_META.includes(k)));
      return Object.keys(rest).length > 0 ? rest : undefined;
    }
    return value;
  });
  if (root !== undefined) text = text.split(root).join('<root>');
  text = text.replace(CLOCK, '<clock>').replace(/(created|modified|accessed): [^\\"]*/g, '$1: <time>');
  return JSON.parse(text);
}

/** Connect one client kind to Portico's `/mcp`. */
export async function connectKind(
  kind: ClientKind,
  mcpUrl: string,
  headers?: Record<string, string>,
): Promise<AnyClient> {
  if (kind === 'v1') {
    const client = new V1Client({ name: 'portico-e2e-v1', version: '1.0.0' });
    await client.connect(
      new V1Transport(new URL(mcpUrl), headers === undefined ? undefined : { requestInit: { headers } }),
    );
    return wrap(client as unknown as SdkClientLike, (handler) =>
      client.setNotificationHandler(LoggingMessageNotificationSchema, (n) => handler(n.params)),
    );
  }
  const client = await connectClient(mcpUrl, kind === 'v2-legacy' ? 'legacy' : 'modern', headers);
  return wrapV2(client);
}

/** {@link connectDirect} behind the same interface as the clients connected to Portico. */
export async function connectDirectAny(launch: {
  args: string[];
  env: Record<string, string>;
}): Promise<AnyClient> {
  return wrapV2(await connectDirect(launch));
}

/** A result with the resource URIs Portico published (`portico:<server>/<uri>`) back in the server's own form. */
export function ownUris(result: unknown, server: string): unknown {
  const prefix = `portico:${server}/`;
  return JSON.parse(
    JSON.stringify(result, (key, value: unknown) =>
      key === 'uri' && typeof value === 'string' && value.startsWith(prefix)
        ? value.slice(prefix.length)
        : value,
    ),
  );
}

/** The URIs of the resource links and embedded resources of a tool result. */
export function publishedLinks(result: unknown): string[] {
  const content = (result as { content?: { type: string; uri?: string; resource?: { uri?: string } }[] })
    .content;
  return (content ?? []).flatMap((b) =>
    b.type === 'resource_link' && b.uri !== undefined
      ? [b.uri]
      : b.type === 'resource' && b.resource?.uri !== undefined
        ? [b.resource.uri]
        : [],
  );
}

/** One `prompts/get` of each of server-everything's prompts, with arguments. */
export const EVERYTHING_PROMPT_CALLS: [string, Record<string, string> | undefined][] = [
  ['simple-prompt', undefined],
  ['args-prompt', { city: 'Paris', state: 'TX' }],
  ['completable-prompt', { department: 'Engineering', name: 'Alice' }],
  ['resource-prompt', { resourceType: 'Text', resourceId: '2' }],
];
