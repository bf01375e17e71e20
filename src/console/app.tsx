import { Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { errorMapping, isPorticoError } from '../errors/index.js';
import { CONSOLE_CSS, CONSOLE_JS, htmxSource } from './assets.js';
import {
  CONSOLE_HEADERS,
  clearSessionCookie,
  crossSite,
  field,
  isHttps,
  safeNext,
  sessionCookie,
  setSessionCookie,
} from './http.js';
import { BASE, Layout } from './layout.js';
import { registerActivity } from './pages/activity.js';
import { registerMcpServer } from './pages/mcp-server.js';
import { registerOperator } from './pages/operator.js';
import { SignInPage } from './pages/sign-in.js';
import { registerSignIns } from './pages/sign-ins.js';
import { registerTokens } from './pages/tokens.js';
import { registerTools } from './pages/tools.js';
import { ConsoleSessions } from './sessions.js';
import type { ConsoleEnv, ConsoleOptions } from './types.js';

const ASSET_CACHE = 'public, max-age=3600';

/**
 * The web console as a Hono app, mounted at `/console`: server-rendered pages (Hono JSX) with
 * htmx served locally, a cookie session (HttpOnly, SameSite=Lax, Secure over https) with idle
 * expiry, CSRF tokens on every form plus an Origin check, and a strict CSP.
 */
export function createConsole(opts: ConsoleOptions): { app: Hono<ConsoleEnv>; sessions: ConsoleSessions } {
  const sessions = new ConsoleSessions({ idleMs: (opts.idleMinutes ?? 30) * 60_000 });
  const app = new Hono<ConsoleEnv>();
  const secure = (c: Parameters<typeof isHttps>[0]) => isHttps(c, opts.publicUrl);

  app.use('*', async (c, next) => {
    await next();
    for (const [k, v] of Object.entries(CONSOLE_HEADERS)) c.res.headers.set(k, v);
    if (!c.res.headers.has('Cache-Control')) c.res.headers.set('Cache-Control', 'no-store');
  });

  app.onError((err, c) => {
    const status = isPorticoError(err) ? errorMapping(err.code).http : 500;
    if (status >= 500) opts.logger.error({ err, path: c.req.path }, 'console request failed');
    const message = isPorticoError(err)
      ? err.message
      : 'Something went wrong on our side; the Portico log has the details.';
    const session = c.get('session');
    return c.html(
      <Layout title="Error" {...(session !== undefined ? { session } : {})}>
        <h1>That did not work</h1>
        <p class="error" role="alert">
          {message}
        </p>
        <p>
          <a href={`${BASE}/`}>Back to the console</a>
        </p>
      </Layout>,
      status as ContentfulStatusCode,
    );
  });

  app.get('/assets/console.css', (c) =>
    c.body(CONSOLE_CSS, 200, { 'Content-Type': 'text/css; charset=utf-8', 'Cache-Control': ASSET_CACHE }),
  );
  app.get('/assets/console.js', (c) =>
    c.body(CONSOLE_JS, 200, {
      'Content-Type': 'text/javascript; charset=utf-8',
      'Cache-Control': ASSET_CACHE,
    }),
  );
  app.get('/assets/htmx.min.js', (c) =>
    c.body(htmxSource(), 200, {
      'Content-Type': 'text/javascript; charset=utf-8',
      'Cache-Control': ASSET_CACHE,
    }),
  );

  app.get('/sign-in', (c) => {
    const next = safeNext(c.req.query('next'), BASE);
    const notice =
      c.req.query('signed-out') !== undefined
        ? 'You are signed out.'
        : c.req.query('expired') !== undefined
          ? 'Your session ended; sign in again.'
          : undefined;
    return c.html(
      <SignInPage {...(next !== undefined ? { next } : {})} {...(notice !== undefined ? { notice } : {})} />,
    );
  });

  app.post('/sign-in', async (c) => {
    if (crossSite(c, opts.publicUrl)) return c.text('Cross-site sign-in refused.', 403);
    const body = await c.req.parseBody();
    const email = field(body, 'email') ?? '';
    const password = field(body, 'password') ?? '';
    const next = safeNext(field(body, 'next'), BASE);
    const address = opts.clientAddress(c);
    const blocked = await opts.limits.authBlocked(address);
    if (!blocked.ok) {
      c.header('Retry-After', String(blocked.retryAfterSec));
      return c.html(
        <SignInPage
          email={email}
          error={`Too many failed sign-ins from your address; try again in ${blocked.retryAfterSec} s.`}
          {...(next !== undefined ? { next } : {})}
        />,
        429,
      );
    }
    const user = email === '' || password === '' ? undefined : await opts.users.authenticate(email, password);
    if (user === undefined) {
      await opts.limits.authFailed(address);
      opts.logger.warn({ address }, 'console: sign-in failed');
      return c.html(
        <SignInPage
          email={email}
          error="Wrong email or password (or the account is disabled)."
          {...(next !== undefined ? { next } : {})}
        />,
        401,
      );
    }
    // A fresh session id on every sign-in (no fixation); a previous session of this browser ends.
    const previous = sessionCookie(c, secure(c));
    if (previous !== undefined) sessions.end(previous);
    const session = sessions.create({
      userId: user.id,
      email: user.email,
      tenantId: user.tenantId,
      role: user.role,
    });
    setSessionCookie(c, session, secure(c));
    opts.logger.info({ user: user.id, tenant: user.tenantId, role: user.role }, 'console: signed in');
    return c.redirect(next ?? `${BASE}/`, 303);
  });

  // Everything below needs a live session; state-changing requests also a CSRF token.
  app.use('*', async (c, next) => {
    const id = sessionCookie(c, secure(c));
    const session = sessions.touch(id);
    const user = session === undefined ? undefined : await opts.users.byId(session.userId);
    if (session === undefined || user === undefined || user.disabled) {
      if (session !== undefined) sessions.end(session.id);
      const target = `${BASE}/sign-in${id === undefined ? '' : '?expired'}`;
      if (c.req.method === 'GET' && c.req.header('hx-request') === undefined) {
        const here = new URL(c.req.url);
        const sep = target.includes('?') ? '&' : '?';
        return c.redirect(
          `${target}${sep}next=${encodeURIComponent(`${BASE}${here.pathname}${here.search}`)}`,
          303,
        );
      }
      if (c.req.header('hx-request') !== undefined) {
        c.header('HX-Redirect', target);
        return c.body(null, 401);
      }
      return c.redirect(target, 303);
    }
    session.role = user.role;
    session.tenantId = user.tenantId;
    c.set('session', session);
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') {
      if (crossSite(c, opts.publicUrl)) return c.text('Cross-site request refused.', 403);
      const contentType = c.req.header('content-type') ?? '';
      const form =
        contentType.startsWith('application/x-www-form-urlencoded') ||
        contentType.startsWith('multipart/form-data')
          ? await c.req.parseBody({ all: true })
          : {};
      const token = c.req.header('x-csrf-token') ?? field(form, '_csrf');
      if (token !== session.csrf) {
        return c.html(
          <Layout title="Expired form" session={session}>
            <h1>This form has expired</h1>
            <p class="error" role="alert">
              The form did not carry this session's security token (it may come from an older sign-in or
              another site). Go back, reload the page and try again.
            </p>
          </Layout>,
          403,
        );
      }
    }
    await next();
  });

  app.post('/sign-out', (c) => {
    sessions.end(c.get('session').id);
    clearSessionCookie(c, secure(c));
    return c.redirect(`${BASE}/sign-in?signed-out`, 303);
  });

  app.get('/', (c) =>
    c.redirect(c.get('session').role === 'operator' ? `${BASE}/operator` : `${BASE}/mcp-server`, 303),
  );

  registerMcpServer(app, opts);
  registerTokens(app, opts);
  registerSignIns(app, opts);
  registerTools(app, opts);
  registerActivity(app, opts);
  registerOperator(app, opts, sessions);

  app.notFound((c) => {
    const session = c.get('session');
    return c.html(
      <Layout title="Not found" {...(session !== undefined ? { session } : {})}>
        <h1>Page not found</h1>
        <p>
          There is no console page at <code>{c.req.path}</code>. <a href={`${BASE}/`}>Go to the console</a>.
        </p>
      </Layout>,
      404,
    );
  });
  return { app, sessions };
}
