import type { Context, Hono } from 'hono';
import { DEFAULT_VIEW } from '../../spec/index.js';
import { isHttps } from '../http.js';
import { BASE, Copyable, Layout } from '../layout.js';
import { setupSnippets } from '../snippets.js';
import type { ConsoleEnv, ConsoleOptions } from '../types.js';

/**
 * The public MCP endpoint of a view: `server.public_url`, else this request's origin (https when a
 * TLS-terminating proxy says so in `X-Forwarded-Proto`) + `/mcp[/{view}]`.
 */
export function endpointUrl(c: Context, publicUrl: string | undefined, view?: string): string {
  const here = new URL(c.req.url);
  const origin = `${isHttps(c, undefined) ? 'https:' : here.protocol}//${here.host}`;
  const base = (publicUrl ?? origin).replace(/\/+$/, '');
  return view === undefined || view === DEFAULT_VIEW ? `${base}/mcp` : `${base}/mcp/${view}`;
}

/** MCP server: endpoint URL per view and ready-to-paste client setups (the landing page). */
export function registerMcpServer(app: Hono<ConsoleEnv>, opts: ConsoleOptions): void {
  app.get('/mcp-server', (c) => {
    const session = c.get('session');
    const views = opts.gateway.viewNames();
    const picked = c.req.query('view');
    const view = picked !== undefined && views.includes(picked) ? picked : DEFAULT_VIEW;
    const url = endpointUrl(c, opts.publicUrl, view);
    return c.html(
      <Layout title="MCP server" session={session} current="mcp-server">
        <h1>MCP server</h1>
        <p>
          Connect an AI assistant to Portico with one of these endpoints and a token from{' '}
          <a href={`${BASE}/tokens`}>Tokens</a> (or let clients that support OAuth sign in).
        </p>
        <table>
          <caption class="visually-hidden">Endpoints</caption>
          <thead>
            <tr>
              <th scope="col">View</th>
              <th scope="col">Endpoint URL</th>
              <th scope="col">Tools</th>
            </tr>
          </thead>
          <tbody>
            {views.map((v) => {
              const rt = opts.gateway.view(v);
              return (
                <tr>
                  <td>{v}</td>
                  <td>
                    <code>{endpointUrl(c, opts.publicUrl, v)}</code>
                  </td>
                  <td>{rt?.view.tools.length ?? 0}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
        <h2>Set up your client</h2>
        <form method="get" action={`${BASE}/mcp-server`} class="filters">
          <div>
            <label for="view">View</label>
            <select id="view" name="view">
              {views.map((v) => (
                <option value={v} selected={v === view}>
                  {v}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" class="secondary">
            Show setup
          </button>
        </form>
        <p class="note">
          Replace <code>&lt;your mcp_ token&gt;</code> with a token: right after you create one on{' '}
          <a href={`${BASE}/tokens/new`}>New token</a>, these setups are shown with it filled in.
        </p>
        {setupSnippets(url, undefined).map((s) => (
          <Copyable id={s.id} label={s.title} text={s.text} />
        ))}
      </Layout>,
    );
  });
}
