/** HTML-escape text for element content and double-quoted attributes. */
export function esc(s: string): string {
  return s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

const SCOPE_TEXT: Record<string, string> = {
  'mcp.tools.discovery': 'See which tools this gateway offers',
  'mcp.tools.invoke': 'Call read-only tools',
  'mcp.tools.write': 'Call tools that change data',
};

function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)} · Portico</title>
<style>body{font-family:system-ui,sans-serif;max-width:28rem;margin:3rem auto;padding:0 1rem;color:#222}
label{display:block;margin:.8rem 0 .2rem}input[type=email],input[type=password]{width:100%;padding:.5rem;box-sizing:border-box}
button{padding:.5rem 1rem;margin:1rem .5rem 0 0}.error{color:#a00}.muted{color:#666;font-size:.9rem}</style>
</head><body>${body}</body></html>`;
}

/** What the pages say about the client. */
export interface ClientFacts {
  name: string;
  /** Host of the client id URL (metadata documents) or of the redirect URI. */
  host: string;
}

/** The sign-in form (posts back to `/oauth/authorize` with the signed request). */
export function signInPage(opts: {
  client: ClientFacts;
  request: string;
  email?: string;
  error?: string;
}): string {
  return layout(
    'Sign in',
    `<h1>Sign in to Portico</h1>
<p><strong>${esc(opts.client.name)}</strong> <span class="muted">(${esc(opts.client.host)})</span> wants to use your tools.</p>
${opts.error !== undefined ? `<p class="error" role="alert">${esc(opts.error)}</p>` : ''}
<form method="post" action="/oauth/authorize">
<input type="hidden" name="request" value="${esc(opts.request)}">
<input type="hidden" name="step" value="signin">
<label for="email">Email</label><input id="email" name="email" type="email" autocomplete="username" required value="${esc(opts.email ?? '')}">
<label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">Sign in</button>
</form>`,
  );
}

/** The consent page: names the client and the scopes, approve or deny. */
export function consentPage(opts: {
  client: ClientFacts;
  request: string;
  email: string;
  tenant: string;
  scopes: string[];
  resource: string;
}): string {
  const items = opts.scopes
    .map((s) => `<li>${esc(SCOPE_TEXT[s] ?? s)} <span class="muted">(${esc(s)})</span></li>`)
    .join('');
  return layout(
    'Allow access',
    `<h1>Allow access?</h1>
<p><strong>${esc(opts.client.name)}</strong> <span class="muted">(${esc(opts.client.host)})</span> asks to act as
<strong>${esc(opts.email)}</strong> (tenant ${esc(opts.tenant)}) on <code>${esc(opts.resource)}</code>:</p>
<ul>${items}</ul>
<form method="post" action="/oauth/authorize">
<input type="hidden" name="request" value="${esc(opts.request)}">
<input type="hidden" name="step" value="consent">
<button type="submit" name="decision" value="approve">Allow</button>
<button type="submit" name="decision" value="deny">Deny</button>
</form>
<p class="muted">Only allow clients you started yourself. You can revoke access later.</p>`,
  );
}

/** An error shown to the user (when redirecting back to the client would be unsafe). */
export function errorPage(title: string, message: string): string {
  return layout(title, `<h1>${esc(title)}</h1><p class="error">${esc(message)}</p>`);
}
