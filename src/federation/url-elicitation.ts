import { ProtocolError, ProtocolErrorCode } from '@modelcontextprotocol/client';
import { UpstreamUrlElicitation, type UrlElicitation } from '../errors/index.js';

const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/** The URL elicitations of a `-32042` error's `data` (entries without a string `url` are skipped). */
export function urlElicitationsOf(data: unknown): UrlElicitation[] {
  const list = isObject(data) && Array.isArray(data.elicitations) ? data.elicitations : [];
  return list.filter(isObject).flatMap((e): UrlElicitation[] =>
    typeof e.url === 'string'
      ? [
          {
            url: e.url,
            ...(typeof e.message === 'string' ? { message: e.message } : {}),
            ...(typeof e.elicitationId === 'string' ? { elicitationId: e.elicitationId } : {}),
          },
        ]
      : [],
  );
}

/** True for a server's JSON-RPC error `-32042` (URL elicitation required). */
export function isUrlElicitationRequired(err: unknown): err is ProtocolError {
  return err instanceof ProtocolError && err.code === ProtocolErrorCode.UrlElicitationRequired;
}

/**
 * The server's `-32042` for the caller: passed on unchanged to a caller that takes it, else an
 * actionable message naming the URL(s) to open before calling again (redacted with `redact`).
 */
export function urlElicitationError(
  err: ProtocolError,
  ctx: { server: string; tool: string; method?: string; redact(text: string): string },
): UpstreamUrlElicitation {
  const elicitations = urlElicitationsOf(err.data);
  const method = ctx.method ?? 'tools/call';
  const what = `${method} "${ctx.tool}"`;
  // SDK v1 servers send their message prefixed with `MCP error -32042: `.
  const own = err.message.replace(/^MCP error -32042: /, '').trim();
  const said = own === '' ? '' : ` ("${own}")`;
  const item = (e: UrlElicitation) => (e.message === undefined ? e.url : `${e.url} — "${e.message}"`);
  const again = method === 'tools/call' ? 'call the tool again' : `send ${method} again`;
  const text =
    elicitations.length === 0
      ? `MCP server "${ctx.server}" answered ${what} with JSON-RPC error -32042 (URL elicitation required)${said} but named no URL to open; ask the server's owner.`
      : `MCP server "${ctx.server}" needs the user to open ${
          elicitations.length === 1
            ? `a URL in a browser before ${what} can run${said}: open ${item(elicitations[0] as UrlElicitation)}`
            : `${elicitations.length} URLs in a browser before ${what} can run${said}: open ${elicitations
                .map((e, i) => `(${i + 1}) ${item(e)}`)
                .join('; ')}`
        }; once done there, ${again}. A 2025-11-25 client that declares the elicitation.url capability gets this as JSON-RPC error -32042.`;
  return new UpstreamUrlElicitation(
    ctx.redact(text),
    { message: err.message, data: err.data },
    elicitations,
    { server: ctx.server, tool: ctx.tool },
  );
}
