import type { Hono } from 'hono';
import { ConsoleGrants } from '../grants.js';
import { BASE, Csrf, Layout, when } from '../layout.js';
import type { ConsoleEnv, ConsoleOptions } from '../types.js';

/** Sign-ins: the OAuth grants of the user (client, scopes, created) with **Revoke**. */
export function registerSignIns(app: Hono<ConsoleEnv>, opts: ConsoleOptions): void {
  const grants = new ConsoleGrants(opts.grants);

  app.get('/sign-ins', async (c) => {
    const session = c.get('session');
    const list = await grants.list(session);
    const revoked = c.req.query('revoked');
    return c.html(
      <Layout title="Sign-ins" session={session} current="sign-ins">
        <h1>Sign-ins</h1>
        {revoked !== undefined && (
          <p class="ok" role="status">
            Access of {revoked} revoked: its next call is refused.
          </p>
        )}
        <p>Applications you allowed to use Portico on your behalf (OAuth sign-in).</p>
        {list.length === 0 ? (
          <p>No application has signed in with your account yet.</p>
        ) : (
          <table>
            <caption class="visually-hidden">Sign-ins</caption>
            <thead>
              <tr>
                <th scope="col">Client</th>
                {session.role !== 'member' && <th scope="col">User</th>}
                <th scope="col">Scopes</th>
                <th scope="col">Resource</th>
                <th scope="col">Created</th>
                <th scope="col">Status</th>
                <th scope="col">
                  <span class="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.map((g) => (
                <tr>
                  <td>{g.clientName}</td>
                  {session.role !== 'member' && <td>{g.userEmail ?? g.userId}</td>}
                  <td>{g.scopes.join(', ')}</td>
                  <td>
                    <code>{g.resource}</code>
                  </td>
                  <td>{when(g.createdAt)}</td>
                  <td>{g.revokedAt === null ? 'active' : `revoked ${when(g.revokedAt)}`}</td>
                  <td>
                    {g.revokedAt === null && (
                      <form method="get" action={`${BASE}/sign-ins/${encodeURIComponent(g.id)}/revoke`}>
                        <button type="submit" class="secondary" aria-label={`Revoke ${g.clientName}`}>
                          Revoke
                        </button>
                      </form>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Layout>,
    );
  });

  app.get('/sign-ins/:id/revoke', async (c) => {
    const session = c.get('session');
    const g = await grants.get(session, c.req.param('id'));
    return c.html(
      <Layout title="Revoke sign-in" session={session} current="sign-ins">
        <h1>Revoke access of {g.clientName}?</h1>
        <p>Its access and refresh tokens stop working at once; it must ask you to sign in again.</p>
        <form method="post" action={`${BASE}/sign-ins/${encodeURIComponent(g.id)}/revoke`}>
          <Csrf session={session} />
          <button type="submit" class="danger">
            Yes, revoke
          </button>{' '}
          <a href={`${BASE}/sign-ins`}>Cancel</a>
        </form>
      </Layout>,
    );
  });

  app.post('/sign-ins/:id/revoke', async (c) => {
    const session = c.get('session');
    const g = await grants.revoke(session, c.req.param('id'));
    opts.logger.info({ user: session.userId, grant: g.id }, 'console: OAuth grant revoked');
    return c.redirect(`${BASE}/sign-ins?revoked=${encodeURIComponent(g.clientName)}`, 303);
  });
}
