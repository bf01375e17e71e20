import type { Context, Hono } from 'hono';
import { PorticoError } from '../../errors/index.js';
import { USER_ROLES } from '../../store/index.js';
import { pickTools, SOURCE_LABELS, type ToolSource } from '../catalogue.js';
import { field } from '../http.js';
import { BASE, Csrf, Layout, when } from '../layout.js';
import type { ConsoleSession, ConsoleSessions } from '../sessions.js';
import type { ConsoleEnv, ConsoleOptions } from '../types.js';

type Body = Record<string, string | File | (string | File)[]>;

/** Operator pages: tenants, users, federated servers, the catalogue and the running config. */
export function registerOperator(
  app: Hono<ConsoleEnv>,
  opts: ConsoleOptions,
  sessions: ConsoleSessions,
): void {
  const { access, users, gateway } = opts;

  const requireOperator = (s: ConsoleSession) => {
    if (s.role !== 'operator') {
      throw new PorticoError('not_found', 'There is no such page for your account.');
    }
  };

  const page = async (c: Context<ConsoleEnv>, notice?: string, error?: string) => {
    const session = c.get('session');
    requireOperator(session);
    const tenants = await access.listTenants();
    const secretLists = await Promise.all(tenants.map((t) => opts.secrets.list(t.id)));
    const userList = await users.list();
    const federation = opts.operator?.federation() ?? [];
    const lastError = opts.operator?.lastReloadError() as { at?: string; message?: string } | undefined;
    const [revision] = await opts.store.listCatalogRevisions(1);
    const openapi = opts.openapiSystems?.() ?? new Set<string>();
    const views = gateway.viewNames();
    const counts = views.map((v) => {
      const all = pickTools(
        gateway,
        { view: v, q: '', source: '', access: '', page: 1, pageSize: 1 },
        openapi,
      );
      const bySource = (Object.keys(SOURCE_LABELS) as ToolSource[]).map(
        (s) =>
          pickTools(gateway, { view: v, q: '', source: s, access: '', page: 1, pageSize: 1 }, openapi).total,
      );
      return { view: v, total: all.total, bySource };
    });
    return c.html(
      <Layout title="Operator" session={session} current="operator">
        <h1>Operator</h1>
        {notice !== undefined && (
          <p class="ok" role="status">
            {notice}
          </p>
        )}
        {error !== undefined && (
          <p class="error" role="alert">
            {error}
          </p>
        )}

        <h2 id="tenants">Tenants</h2>
        <table>
          <caption class="visually-hidden">Tenants</caption>
          <thead>
            <tr>
              <th scope="col">Id</th>
              <th scope="col">Name</th>
              <th scope="col">Created</th>
              <th scope="col">Upstream secrets (values never shown)</th>
            </tr>
          </thead>
          <tbody>
            {tenants.map((t, i) => (
              <tr>
                <td>{t.id}</td>
                <td>{t.name}</td>
                <td>{when(t.createdAt)}</td>
                <td>
                  {(secretLists[i] ?? []).map((s) => `${s.system} (set ${when(s.updatedAt)})`).join(', ') ||
                    '—'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <form method="post" action={`${BASE}/operator/tenants`} class="filters">
          <Csrf session={session} />
          <div>
            <label for="tenant-id">New tenant id</label>
            <input id="tenant-id" name="id" type="text" required pattern="[a-z0-9][a-z0-9_\-]{0,39}" />
          </div>
          <div>
            <label for="tenant-name">Name</label>
            <input id="tenant-name" name="name" type="text" />
          </div>
          <button type="submit">Create tenant</button>
        </form>
        <form method="post" action={`${BASE}/operator/secrets`} class="filters">
          <Csrf session={session} />
          <div>
            <label for="secret-tenant">Tenant</label>
            <select id="secret-tenant" name="tenant">
              {tenants.map((t) => (
                <option value={t.id}>{t.id}</option>
              ))}
            </select>
          </div>
          <div>
            <label for="secret-system">System</label>
            <input id="secret-system" name="system" type="text" required />
          </div>
          <div>
            <label for="secret-value">Secret value</label>
            <input id="secret-value" name="value" type="password" autocomplete="off" required />
          </div>
          <button type="submit">Set upstream secret</button>
        </form>

        <h2 id="users">Users</h2>
        <table>
          <caption class="visually-hidden">Users</caption>
          <thead>
            <tr>
              <th scope="col">Email</th>
              <th scope="col">Tenant</th>
              <th scope="col">Role</th>
              <th scope="col">Status</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {userList.map((u) => (
              <tr>
                <td>{u.email}</td>
                <td>{u.tenantId}</td>
                <td>
                  <form method="post" action={`${BASE}/operator/users/${u.id}/role`} class="inline">
                    <Csrf session={session} />
                    <label class="visually-hidden" for={`role-${u.id}`}>
                      Role of {u.email}
                    </label>
                    <select id={`role-${u.id}`} name="role">
                      {USER_ROLES.map((r) => (
                        <option value={r} selected={r === u.role}>
                          {r}
                        </option>
                      ))}
                    </select>{' '}
                    <button type="submit" class="secondary" aria-label={`Set role of ${u.email}`}>
                      Set role
                    </button>
                  </form>
                </td>
                <td>{u.disabled ? 'disabled' : 'active'}</td>
                <td>
                  <form
                    method="post"
                    action={`${BASE}/operator/users/${u.id}/${u.disabled ? 'enable' : 'disable'}`}
                    class="inline"
                  >
                    <Csrf session={session} />
                    <button
                      type="submit"
                      class="secondary"
                      aria-label={`${u.disabled ? 'Enable' : 'Disable'} ${u.email}`}
                    >
                      {u.disabled ? 'Enable' : 'Disable'}
                    </button>
                  </form>{' '}
                  <form method="post" action={`${BASE}/operator/users/${u.id}/password`} class="inline">
                    <Csrf session={session} />
                    <label class="visually-hidden" for={`pw-${u.id}`}>
                      New password for {u.email}
                    </label>
                    <input
                      id={`pw-${u.id}`}
                      name="password"
                      type="password"
                      autocomplete="new-password"
                      minlength={12}
                      required
                    />{' '}
                    <button type="submit" class="secondary" aria-label={`Reset password of ${u.email}`}>
                      Reset password
                    </button>
                  </form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <form method="post" action={`${BASE}/operator/users`} class="filters">
          <Csrf session={session} />
          <div>
            <label for="user-email">New user email</label>
            <input id="user-email" name="email" type="email" required />
          </div>
          <div>
            <label for="user-tenant">Tenant</label>
            <select id="user-tenant" name="tenant">
              {tenants.map((t) => (
                <option value={t.id}>{t.id}</option>
              ))}
            </select>
          </div>
          <div>
            <label for="user-role">Role</label>
            <select id="user-role" name="role">
              {USER_ROLES.map((r) => (
                <option value={r}>{r}</option>
              ))}
            </select>
          </div>
          <div>
            <label for="user-password">Password (12+ characters)</label>
            <input
              id="user-password"
              name="password"
              type="password"
              autocomplete="new-password"
              minlength={12}
              required
            />
          </div>
          <button type="submit">Create user</button>
        </form>

        <h2 id="federation">Federated MCP servers</h2>
        {federation.length === 0 ? (
          <p>No federated MCP servers (mcp_servers in portico.yaml).</p>
        ) : (
          <table>
            <caption class="visually-hidden">Federated MCP servers</caption>
            <thead>
              <tr>
                <th scope="col">Server</th>
                <th scope="col">Transport</th>
                <th scope="col">State</th>
                <th scope="col">Revision</th>
                <th scope="col">Tools</th>
                <th scope="col">Since</th>
                <th scope="col">Restarts</th>
                <th scope="col">Last error</th>
              </tr>
            </thead>
            <tbody>
              {federation.map((s) => (
                <tr>
                  <td>{s.name}</td>
                  <td>{s.transport}</td>
                  <td>{s.state === 'connected' ? 'up' : `down (${s.state})`}</td>
                  <td>
                    {s.protocolVersion ?? '—'}
                    {s.otherRevision !== undefined
                      ? ` and ${s.otherRevision.protocolVersion ?? `another revision (${s.otherRevision.state})`} for its callers`
                      : ''}
                  </td>
                  <td>{s.toolCount}</td>
                  <td>{s.since}</td>
                  <td>{s.restarts}</td>
                  <td>
                    {s.error ?? '—'}
                    {s.retryAt !== undefined ? ` (retry at ${s.retryAt})` : ''}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}

        <h2 id="catalogue">Catalogue</h2>
        <p>
          Revision {gateway.revision}
          {revision !== undefined &&
            ` · last loaded ${when(revision.loadedAt)} UTC from ${revision.configFile} (${revision.toolCount} tools)`}
          .
        </p>
        <p
          class={lastError === undefined ? 'ok' : 'error'}
          role={lastError === undefined ? undefined : 'alert'}
        >
          {lastError === undefined
            ? 'The last reload succeeded.'
            : `The last reload failed at ${lastError.at ?? '?'}: ${lastError.message ?? ''} (the previous catalogue is still serving).`}
        </p>
        <table>
          <caption class="visually-hidden">Tools per view and source</caption>
          <thead>
            <tr>
              <th scope="col">View</th>
              <th scope="col">Tools</th>
              {(Object.keys(SOURCE_LABELS) as ToolSource[]).map((s) => (
                <th scope="col">{SOURCE_LABELS[s]}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {counts.map((r) => (
              <tr>
                <td>{r.view}</td>
                <td>{r.total}</td>
                {r.bySource.map((n) => (
                  <td>{n}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>

        <h2 id="config">Running configuration (secrets masked)</h2>
        <pre tabindex={0} id="running-config">
          {JSON.stringify(opts.operator?.maskedConfig() ?? {}, null, 2)}
        </pre>
      </Layout>,
      error !== undefined ? 400 : 200,
    );
  };

  /** Run an operator action; a bad input re-renders the page with the message. */
  const act =
    (run: (body: Body, c: Context<ConsoleEnv>) => Promise<string>) => async (c: Context<ConsoleEnv>) => {
      requireOperator(c.get('session'));
      const body = (await c.req.parseBody({ all: true })) as Body;
      try {
        const notice = await run(body, c);
        opts.logger.info({ user: c.get('session').userId, path: c.req.path }, 'console: operator action');
        return page(c, notice);
      } catch (err) {
        if (err instanceof PorticoError && err.code !== 'store_error') return page(c, undefined, err.message);
        throw err;
      }
    };

  app.get('/operator', (c) => page(c));
  app.post(
    '/operator/tenants',
    act(async (b) => {
      const name = field(b, 'name')?.trim();
      const t = await access.createTenant({ id: field(b, 'id') ?? '', ...(name ? { name } : {}) });
      return `Tenant ${t.id} created.`;
    }),
  );
  app.post(
    '/operator/secrets',
    act(async (b) => {
      const tenant = field(b, 'tenant') ?? '';
      const system = (field(b, 'system') ?? '').trim();
      if ((await access.getTenant(tenant)) === undefined)
        throw new PorticoError('not_found', `No tenant "${tenant}".`);
      if (system === '') throw new PorticoError('invalid_input', 'Name the system the secret is for.');
      await opts.secrets.set(tenant, system, field(b, 'value') ?? '');
      return `Secret for ${system} of tenant ${tenant} stored (encrypted; it is never shown).`;
    }),
  );
  app.post(
    '/operator/users',
    act(async (b) => {
      const u = await users.create({
        tenantId: field(b, 'tenant') ?? '',
        email: field(b, 'email') ?? '',
        password: field(b, 'password') ?? '',
        role: field(b, 'role') ?? 'member',
      });
      return `User ${u.email} (${u.role}) created in tenant ${u.tenantId}.`;
    }),
  );
  app.post(
    '/operator/users/:id/role',
    act(async (b, c) => {
      const u = await users.setRole(c.req.param('id') ?? '', field(b, 'role') ?? '');
      return `${u.email} is now ${u.role}.`;
    }),
  );
  for (const [action, disabled] of [
    ['disable', true],
    ['enable', false],
  ] as const) {
    app.post(
      `/operator/users/:id/${action}`,
      act(async (_b, c) => {
        const u = await users.setDisabled(c.req.param('id') ?? '', disabled);
        if (disabled) sessions.endUser(u.id);
        return `${u.email} ${disabled ? 'disabled (signed out everywhere, OAuth grants revoked)' : 'enabled'}.`;
      }),
    );
  }
  app.post(
    '/operator/users/:id/password',
    act(async (b, c) => {
      const u = await users.resetPassword(c.req.param('id') ?? '', field(b, 'password') ?? '');
      sessions.endUser(u.id);
      return `Password of ${u.email} reset; their console sessions ended.`;
    }),
  );
}
