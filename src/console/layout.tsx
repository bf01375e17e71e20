import { raw } from 'hono/html';
import type { Child } from 'hono/jsx';
import type { ConsoleSession } from './sessions.js';

/** The console's base path. */
export const BASE = '/console';

/** Navigation entries of a signed-in user (operators get one more). */
const NAV = [
  ['mcp-server', 'MCP server'],
  ['tokens', 'Tokens'],
  ['sign-ins', 'Sign-ins'],
  ['tools', 'Tools'],
  ['activity', 'Activity'],
] as const;

/** htmx settings compatible with the strict CSP (no inline styles, no eval). */
const HTMX_CONFIG = JSON.stringify({
  includeIndicatorStyles: false,
  allowEval: false,
  allowScriptTags: false,
  selfRequestsOnly: true,
});

/** Props of {@link Layout}. */
export interface LayoutProps {
  title: string;
  session?: ConsoleSession;
  /** Which nav entry is the current page. */
  current?: string;
  children?: Child;
}

/** The page shell: head with local assets only, skip link, navigation, sign-out. */
export function Layout(props: LayoutProps) {
  const s = props.session;
  return (
    <>
      {raw('<!DOCTYPE html>')}
      <html lang="en">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <meta name="htmx-config" content={HTMX_CONFIG} />
          <title>{`${props.title} · Portico console`}</title>
          <link rel="stylesheet" href={`${BASE}/assets/console.css`} />
          <script src={`${BASE}/assets/htmx.min.js`} defer />
          <script src={`${BASE}/assets/console.js`} defer />
        </head>
        <body hx-headers={s === undefined ? undefined : JSON.stringify({ 'x-csrf-token': s.csrf })}>
          <a class="visually-hidden" href="#main">
            Skip to content
          </a>
          <header class="top">
            <a class="brand" href={`${BASE}/`}>
              Portico
            </a>
            {s !== undefined && (
              <nav aria-label="Console">
                <ul>
                  {NAV.map(([path, label]) => (
                    <li>
                      <a href={`${BASE}/${path}`} aria-current={props.current === path ? 'page' : undefined}>
                        {label}
                      </a>
                    </li>
                  ))}
                  {s.role === 'operator' && (
                    <li>
                      <a
                        href={`${BASE}/operator`}
                        aria-current={props.current === 'operator' ? 'page' : undefined}
                      >
                        Operator
                      </a>
                    </li>
                  )}
                </ul>
              </nav>
            )}
            {s !== undefined && (
              <div class="who">
                <span>
                  {s.email} · {s.tenantId} · {s.role}
                </span>
                <form class="inline" method="post" action={`${BASE}/sign-out`}>
                  <input type="hidden" name="_csrf" value={s.csrf} />
                  <button type="submit" class="secondary">
                    Sign out
                  </button>
                </form>
              </div>
            )}
          </header>
          <main id="main">{props.children}</main>
        </body>
      </html>
    </>
  );
}

/** The hidden CSRF field of every state-changing form. */
export function Csrf(props: { session: ConsoleSession }) {
  return <input type="hidden" name="_csrf" value={props.session.csrf} />;
}

/** A `<pre>` with an id and a copy button for it. */
export function Copyable(props: { id: string; text: string; label: string }) {
  return (
    <div class="snippet">
      <div class="snippet-head">
        <span>{props.label}</span>
        <span>
          <button type="button" class="secondary" data-copy={props.id} aria-label={`Copy ${props.label}`}>
            Copy
          </button>{' '}
          <span id={`${props.id}-status`} role="status" />
        </span>
      </div>
      <pre id={props.id} tabindex={0}>
        {props.text}
      </pre>
    </div>
  );
}

/** Short UTC time `2026-12-03 07:40` (or an em dash). */
export function when(d: Date | null | undefined): string {
  return d === null || d === undefined ? '—' : d.toISOString().slice(0, 16).replace('T', ' ');
}
