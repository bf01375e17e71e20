import type { Hono } from 'hono';
import { SCOPES, type TokenInfo } from '../../auth/index.js';
import { PorticoError } from '../../errors/index.js';
import { field, fields } from '../http.js';
import { BASE, Copyable, Csrf, Layout, when } from '../layout.js';
import { mayManageToken, tokenFilter } from '../scope.js';
import type { ConsoleSession } from '../sessions.js';
import { setupSnippets } from '../snippets.js';
import type { ConsoleEnv, ConsoleOptions } from '../types.js';
import { endpointUrl } from './mcp-server.js';

const EXPIRIES = [
  ['30d', '30 days'],
  ['90d', '90 days'],
  ['365d', '365 days'],
  ['never', 'No expiry'],
] as const;

const SCOPE_HELP: Record<string, string> = {
  'mcp.tools.discovery': 'list tools',
  'mcp.tools.invoke': 'call read-only tools',
  'mcp.tools.write': 'call tools that change data',
};

function status(t: TokenInfo, now: Date): string {
  if (t.revokedAt !== null) return `revoked ${when(t.revokedAt)}`;
  if (t.expiresAt !== null && t.expiresAt <= now) return 'expired';
  return 'active';
}

function TokensTable(props: { tokens: TokenInfo[]; session: ConsoleSession }) {
  const now = new Date();
  const showTenant = props.session.role === 'operator';
  return (
    <table>
      <caption class="visually-hidden">Tokens</caption>
      <thead>
        <tr>
          <th scope="col">Prefix</th>
          <th scope="col">Label</th>
          {showTenant && <th scope="col">Tenant</th>}
          <th scope="col">Scopes</th>
          <th scope="col">Views</th>
          <th scope="col">Created</th>
          <th scope="col">Expires</th>
          <th scope="col">Last used</th>
          <th scope="col">Status</th>
          <th scope="col">
            <span class="visually-hidden">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {props.tokens.map((t) => (
          <tr>
            <td>
              <code>{t.prefix}…</code>
            </td>
            <td>{t.label}</td>
            {showTenant && <td>{t.tenantId}</td>}
            <td>{t.scopes.join(', ')}</td>
            <td>{t.views === null ? 'all' : t.views.join(', ')}</td>
            <td>{when(t.createdAt)}</td>
            <td>{t.expiresAt === null ? 'never' : when(t.expiresAt)}</td>
            <td>{t.lastUsedAt === null ? 'never' : when(t.lastUsedAt)}</td>
            <td>{status(t, now)}</td>
            <td>
              {t.revokedAt === null && (
                <form method="get" action={`${BASE}/tokens/${encodeURIComponent(t.id)}/revoke`}>
                  <button type="submit" class="secondary" aria-label={`Revoke ${t.label} (${t.prefix}…)`}>
                    Revoke
                  </button>
                </form>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function NewTokenForm(props: { session: ConsoleSession; views: string[]; error?: string }) {
  return (
    <form method="post" action={`${BASE}/tokens`}>
      <Csrf session={props.session} />
      {props.error !== undefined && (
        <p class="error" role="alert">
          {props.error}
        </p>
      )}
      <label for="label">Label</label>
      <input id="label" name="label" type="text" required maxlength={100} placeholder="e.g. laptop-claude" />
      <label for="expires">Expires</label>
      <select id="expires" name="expires">
        {EXPIRIES.map(([v, text]) => (
          <option value={v} selected={v === '90d'}>
            {text}
          </option>
        ))}
      </select>
      <fieldset>
        <legend>Scopes</legend>
        {SCOPES.map((s) => (
          <label class="check">
            <input type="checkbox" name="scopes" value={s} checked={s !== 'mcp.tools.write'} />
            {s} <span class="note">({SCOPE_HELP[s]})</span>
          </label>
        ))}
      </fieldset>
      <fieldset>
        <legend>Views (none ticked: every view)</legend>
        {props.views.map((v) => (
          <label class="check">
            <input type="checkbox" name="views" value={v} />
            {v}
          </label>
        ))}
      </fieldset>
      <button type="submit">Create</button> <a href={`${BASE}/tokens`}>Cancel</a>
    </form>
  );
}

/** Tokens: list, **New token** → **Create** (secret shown once), **Revoke** with a confirmation step. */
export function registerTokens(app: Hono<ConsoleEnv>, opts: ConsoleOptions): void {
  const { access, gateway, logger } = opts;

  /** The token if this user may manage it; otherwise not_found (whether it exists is not revealed). */
  const ownToken = async (session: ConsoleSession, id: string): Promise<TokenInfo> => {
    const token = await access.getToken(id);
    if (token === undefined || !mayManageToken(session, token)) {
      throw new PorticoError('not_found', `No token "${id}" among yours. Pick one from the Tokens page.`);
    }
    return token;
  };

  app.get('/tokens', async (c) => {
    const session = c.get('session');
    const tokens = await access.listTokens(tokenFilter(session));
    const revoked = c.req.query('revoked');
    return c.html(
      <Layout title="Tokens" session={session} current="tokens">
        <h1>Tokens</h1>
        {revoked !== undefined && (
          <p class="ok" role="status">
            Token {revoked} revoked: the next call with it is refused.
          </p>
        )}
        <p>
          MCP clients send a token as <code>Authorization: Bearer mcp_…</code>.{' '}
          {session.role === 'member'
            ? 'These are the tokens you created.'
            : session.role === 'admin'
              ? `These are all tokens of tenant ${session.tenantId}.`
              : 'These are the tokens of every tenant.'}
        </p>
        <form method="get" action={`${BASE}/tokens/new`}>
          <button type="submit">New token</button>
        </form>
        {tokens.length === 0 ? <p>No tokens yet.</p> : <TokensTable tokens={tokens} session={session} />}
      </Layout>,
    );
  });

  app.get('/tokens/new', (c) => {
    const session = c.get('session');
    return c.html(
      <Layout title="New token" session={session} current="tokens">
        <h1>New token</h1>
        <NewTokenForm session={session} views={gateway.viewNames()} />
      </Layout>,
    );
  });

  app.post('/tokens', async (c) => {
    const session = c.get('session');
    const body = await c.req.parseBody({ all: true });
    const views = fields(body, 'views');
    const known = new Set(gateway.viewNames());
    try {
      const unknown = views.find((v) => !known.has(v));
      if (unknown !== undefined) {
        throw new PorticoError('invalid_input', `Unknown view "${unknown}": tick views from the list.`);
      }
      const scopes = fields(body, 'scopes');
      if (scopes.length === 0) {
        throw new PorticoError(
          'invalid_input',
          'Tick at least one scope (mcp.tools.discovery to list tools).',
        );
      }
      const { token, secret } = await access.createToken({
        tenantId: session.tenantId,
        userId: session.userId,
        label: field(body, 'label') ?? '',
        expires: field(body, 'expires') ?? '90d',
        scopes,
        ...(views.length > 0 ? { views } : {}),
      });
      logger.info(
        { user: session.userId, tenant: session.tenantId, token: token.id },
        'console: token created',
      );
      const view = token.views?.[0];
      const url = endpointUrl(c, opts.publicUrl, view);
      return c.html(
        <Layout title="Token created" session={session} current="tokens">
          <h1>Token created</h1>
          <p class="ok" role="status">
            Token <strong>{token.label}</strong> ({token.prefix}…) is ready. Copy it now:{' '}
            <strong>you will not see it again.</strong>
          </p>
          <Copyable id="new-secret" label="Your new token" text={secret} />
          <h2>Set up your client with this token</h2>
          <p>
            Endpoint: <code>{url}</code>
          </p>
          {setupSnippets(url, secret).map((s) => (
            <Copyable id={s.id} label={s.title} text={s.text} />
          ))}
          <p>
            <a href={`${BASE}/tokens`}>Back to Tokens</a>
          </p>
        </Layout>,
      );
    } catch (err) {
      if (!(err instanceof PorticoError) || err.code !== 'invalid_input') throw err;
      return c.html(
        <Layout title="New token" session={session} current="tokens">
          <h1>New token</h1>
          <NewTokenForm session={session} views={gateway.viewNames()} error={err.message} />
        </Layout>,
        400,
      );
    }
  });

  app.get('/tokens/:id/revoke', async (c) => {
    const session = c.get('session');
    const token = await ownToken(session, c.req.param('id'));
    return c.html(
      <Layout title="Revoke token" session={session} current="tokens">
        <h1>Revoke token {token.label}?</h1>
        <p>
          Token <code>{token.prefix}…</code> ({token.label}) stops working at once: the next call with it is
          refused. This cannot be undone.
        </p>
        <form method="post" action={`${BASE}/tokens/${encodeURIComponent(token.id)}/revoke`}>
          <Csrf session={session} />
          <button type="submit" class="danger">
            Yes, revoke
          </button>{' '}
          <a href={`${BASE}/tokens`}>Cancel</a>
        </form>
      </Layout>,
    );
  });

  app.post('/tokens/:id/revoke', async (c) => {
    const session = c.get('session');
    const token = await ownToken(session, c.req.param('id'));
    await access.revokeToken(token.id);
    logger.info({ user: session.userId, token: token.id }, 'console: token revoked');
    return c.redirect(`${BASE}/tokens?revoked=${encodeURIComponent(token.label)}`, 303);
  });
}
