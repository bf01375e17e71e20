import type { Context, Hono } from 'hono';
import { PorticoError } from '../../errors/index.js';
import { DEFAULT_VIEW } from '../../spec/index.js';
import {
  type PickerPage,
  type PickerQuery,
  pickTools,
  SOURCE_LABELS,
  type ToolSource,
  viewPublishing,
} from '../catalogue.js';
import { BASE, Csrf, Layout } from '../layout.js';
import { argumentsFrom, formValues, SchemaFields } from '../schema-form.js';
import type { ConsoleSession } from '../sessions.js';
import type { ConsoleEnv, ConsoleOptions, TryItResult } from '../types.js';

const PAGE_SIZE = 50;

function queryOf(c: Context, views: string[]): PickerQuery {
  const view = c.req.query('view') ?? DEFAULT_VIEW;
  const source = c.req.query('source') ?? '';
  const access = c.req.query('access') ?? '';
  return {
    view: views.includes(view) ? view : DEFAULT_VIEW,
    q: (c.req.query('q') ?? '').slice(0, 200),
    source: source in SOURCE_LABELS ? (source as ToolSource) : '',
    access: access === 'read' || access === 'write' ? access : '',
    page: Math.max(1, Number.parseInt(c.req.query('page') ?? '1', 10) || 1),
    pageSize: PAGE_SIZE,
  };
}

function pageLink(q: PickerQuery, page: number): string {
  const p = new URLSearchParams({
    view: q.view,
    q: q.q,
    source: q.source,
    access: q.access,
    page: String(page),
  });
  return `${BASE}/tools?${p}`;
}

function Results(props: { result: PickerPage; q: PickerQuery }) {
  const { result, q } = props;
  return (
    <div id="tool-results">
      <p role="status" aria-live="polite">
        {result.total} {result.total === 1 ? 'tool' : 'tools'}
        {q.q.trim() !== '' ? ` match "${q.q.trim()}"` : ''} · page {result.page} of {result.pages}
      </p>
      {result.tools.length > 0 && (
        <table>
          <caption class="visually-hidden">Tools</caption>
          <thead>
            <tr>
              <th scope="col">Tool</th>
              <th scope="col">Source</th>
              <th scope="col">Access</th>
              <th scope="col">Description</th>
            </tr>
          </thead>
          <tbody>
            {result.tools.map((t) => (
              <tr>
                <td>
                  <a href={`${BASE}/tools/${encodeURIComponent(q.view)}/${encodeURIComponent(t.name)}`}>
                    {t.name}
                  </a>
                </td>
                <td>
                  {SOURCE_LABELS[t.source]} <span class="note">({t.owner})</span>
                </td>
                <td>{t.annotations.readOnly ? 'read-only' : 'write'}</td>
                <td>{t.description.split('\n')[0]?.slice(0, 160)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {result.pages > 1 && (
        <nav class="pager" aria-label="Pages">
          {result.page > 1 && <a href={pageLink(q, result.page - 1)}>Previous page</a>}
          {result.page < result.pages && <a href={pageLink(q, result.page + 1)}>Next page</a>}
        </nav>
      )}
    </div>
  );
}

function ResultView(props: { result: TryItResult }) {
  const body = props.result.body as {
    result?: {
      isError?: boolean;
      content?: Array<{ type: string; text?: string }>;
      structuredContent?: unknown;
    };
    error?: { code?: number | string; message?: string };
  };
  const r = body?.result;
  const failed = props.result.status !== 200 || body?.error !== undefined || r?.isError === true;
  const text =
    r?.structuredContent !== undefined
      ? JSON.stringify(r.structuredContent, null, 2)
      : r?.content !== undefined
        ? r.content.map((c) => c.text ?? `[${c.type}]`).join('\n')
        : JSON.stringify(body?.error ?? body, null, 2);
  return (
    <section aria-labelledby="result-heading">
      <h2 id="result-heading">Result</h2>
      <p class={failed ? 'error' : 'ok'} role="status">
        {failed
          ? `The call failed (HTTP ${props.result.status}${body?.error?.message !== undefined ? `: ${body.error.message}` : ''}).`
          : 'The call succeeded.'}
      </p>
      <pre id="try-result" tabindex={0}>
        {text}
      </pre>
    </section>
  );
}

/** Tools: the picker (search, filters, paging) and each tool's page with **Try it**. */
export function registerTools(app: Hono<ConsoleEnv>, opts: ConsoleOptions): void {
  const { gateway } = opts;
  const openapi = () => opts.openapiSystems?.() ?? new Set<string>();

  app.get('/tools', (c) => {
    const session = c.get('session');
    const views = gateway.viewNames();
    const q = queryOf(c, views);
    const result = pickTools(gateway, q, openapi());
    return c.html(
      <Layout title="Tools" session={session} current="tools">
        <h1>Tools</h1>
        <form
          method="get"
          action={`${BASE}/tools`}
          class="filters"
          hx-get={`${BASE}/tools/results`}
          hx-trigger="input changed delay:300ms from:#q, search from:#q, change from:select"
          hx-target="#tool-results"
          hx-swap="outerHTML"
        >
          <div>
            <label for="q">Search tools</label>
            <input id="q" name="q" type="search" value={q.q} autocomplete="off" />
          </div>
          <div>
            <label for="view">View</label>
            <select id="view" name="view">
              {views.map((v) => (
                <option value={v} selected={v === q.view}>
                  {v}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label for="source">Source</label>
            <select id="source" name="source">
              <option value="">All</option>
              {(Object.keys(SOURCE_LABELS) as ToolSource[]).map((s) => (
                <option value={s} selected={s === q.source}>
                  {SOURCE_LABELS[s]}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label for="access">Access</label>
            <select id="access" name="access">
              <option value="">All</option>
              <option value="read" selected={q.access === 'read'}>
                Read-only
              </option>
              <option value="write" selected={q.access === 'write'}>
                Write
              </option>
            </select>
          </div>
          <button type="submit" class="secondary">
            Filter
          </button>
        </form>
        <Results result={result} q={q} />
      </Layout>,
    );
  });

  app.get('/tools/results', (c) => {
    const q = queryOf(c, gateway.viewNames());
    return c.html(<Results result={pickTools(gateway, q, openapi())} q={q} />);
  });

  const toolPage = (
    c: Context<ConsoleEnv>,
    session: ConsoleSession,
    viewName: string,
    name: string,
    extra: { values?: Record<string, string>; result?: TryItResult; error?: string } = {},
  ) => {
    const rt = gateway.view(viewName);
    const tool = rt?.catalogTools.get(name) ?? rt?.tool(name);
    if (rt === undefined || tool === undefined) {
      throw new PorticoError(
        'not_found',
        `No tool "${name}" in view "${viewName}". Pick one on the Tools page.`,
      );
    }
    const target = viewPublishing(gateway, viewName, name);
    const a = tool.annotations;
    return c.html(
      <Layout title={name} session={session} current="tools">
        <p>
          <a href={`${BASE}/tools?view=${encodeURIComponent(viewName)}`}>← Tools</a>
        </p>
        <h1>{name}</h1>
        {tool.title !== undefined && <p>{tool.title}</p>}
        <pre class="description">{tool.description}</pre>
        <h2>Annotations</h2>
        <ul>
          <li>{a.readOnly ? 'Read-only' : 'Changes data (needs mcp.tools.write)'}</li>
          <li>{a.destructive ? 'Destructive' : 'Not destructive'}</li>
          <li>{a.idempotent ? 'Idempotent' : 'Not idempotent'}</li>
          <li>{a.openWorld ? 'Reaches outside systems (open world)' : 'Closed world'}</li>
        </ul>
        <h2>Try it</h2>
        {opts.tryIt === undefined || target === undefined ? (
          <p class="note">
            This tool is reachable only through a facade or search tool of this view; try it from an MCP
            client.
          </p>
        ) : (
          <form
            method="post"
            action={`${BASE}/tools/${encodeURIComponent(viewName)}/${encodeURIComponent(name)}/try`}
          >
            <Csrf session={session} />
            {extra.error !== undefined && (
              <p class="error" role="alert">
                {extra.error}
              </p>
            )}
            <SchemaFields
              inputSchema={tool.inputSchema}
              {...(extra.values ? { values: extra.values } : {})}
            />
            <p class="note">
              Runs as you ({session.email}) on /mcp{target === DEFAULT_VIEW ? '' : `/${target}`}, with the
              same scope checks, limits and audit as an MCP client.
            </p>
            <button type="submit">Try it</button>
          </form>
        )}
        {extra.result !== undefined && <ResultView result={extra.result} />}
        <h2>Input schema</h2>
        <pre tabindex={0}>{JSON.stringify(tool.inputSchema, null, 2)}</pre>
      </Layout>,
      extra.error !== undefined ? 400 : 200,
    );
  };

  app.get('/tools/:view/:name', (c) =>
    toolPage(c, c.get('session'), c.req.param('view'), c.req.param('name')),
  );

  app.post('/tools/:view/:name/try', async (c) => {
    const session = c.get('session');
    const viewName = c.req.param('view');
    const name = c.req.param('name');
    const rt = gateway.view(viewName);
    const tool = rt?.catalogTools.get(name) ?? rt?.tool(name);
    const target = viewPublishing(gateway, viewName, name);
    if (tool === undefined || target === undefined || opts.tryIt === undefined) {
      throw new PorticoError('not_found', `No tool "${name}" to try in view "${viewName}".`);
    }
    const form = await c.req.parseBody({ all: true });
    const values = formValues(tool.inputSchema, form);
    let args: Record<string, unknown>;
    try {
      args = argumentsFrom(tool.inputSchema, form);
    } catch (err) {
      if (err instanceof PorticoError)
        return toolPage(c, session, viewName, name, { values, error: err.message });
      throw err;
    }
    const result = await opts.tryIt(session, target, name, args);
    return toolPage(c, session, viewName, name, { values, result });
  });
}
