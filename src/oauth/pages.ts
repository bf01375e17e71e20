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
button{padding:.5rem 1rem;margin:1rem .5rem 0 0;font-size:1rem;border-radius:.3rem;border:1px solid #888;background:#fff;color:#222;cursor:pointer}
button.primary{background:#1a56db;border-color:#1a56db;color:#fff;font-weight:600}
fieldset{border:1px solid #ccc;border-radius:.3rem;padding:.5rem 1rem}fieldset label{display:flex;gap:.5rem;align-items:baseline;margin:.4rem 0}
.error{color:#a00}.muted{color:#555;font-size:.9rem}.warn{color:#8a4b00}</style>
</head><body><main>${body}</main></body></html>`;
}

/** What the pages say about the client. */
export interface ClientFacts {
  name: string;
  /** Host of the client id URL (metadata documents) or of the redirect URI. */
  host: string;
  /**
   * True when the name is vouched for by an `https` client id metadata document; a name from
   * dynamic registration (or a plain-http document) is whatever the client chose to call itself.
   */
  verified: boolean;
}

function clientLine(client: ClientFacts): string {
  const note = client.verified
    ? ''
    : ' <span class="warn">(unverified: the application chose this name itself)</span>';
  return `<strong>${esc(client.name)}</strong>${note} <span class="muted">(${esc(client.host)})</span>`;
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
<p>${clientLine(opts.client)} wants to use your tools.</p>
${opts.error !== undefined ? `<p class="error" role="alert">${esc(opts.error)}</p>` : ''}
<form method="post" action="/oauth/authorize">
<input type="hidden" name="request" value="${esc(opts.request)}">
<input type="hidden" name="step" value="signin">
<label for="email">Email</label><input id="email" name="email" type="email" autocomplete="username" required value="${esc(opts.email ?? '')}">
<label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit" class="primary">Sign in</button>
</form>`,
  );
}

/**
 * The consent page: names the client and offers each requested scope as a checkbox (all checked);
 * the user grants the checked ones with Allow (the primary action), or denies.
 */
export function consentPage(opts: {
  client: ClientFacts;
  request: string;
  email: string;
  tenant: string;
  scopes: string[];
  resource: string;
  error?: string;
}): string {
  const items = opts.scopes
    .map(
      (s) =>
        `<label><input type="checkbox" name="scope" value="${esc(s)}" checked> <span>${esc(SCOPE_TEXT[s] ?? s)} <span class="muted">(${esc(s)})</span></span></label>`,
    )
    .join('\n');
  return layout(
    'Allow access',
    `<h1>Allow access?</h1>
<p>${clientLine(opts.client)} asks to act as
<strong>${esc(opts.email)}</strong> (tenant ${esc(opts.tenant)}) on <code>${esc(opts.resource)}</code>.</p>
${opts.error !== undefined ? `<p class="error" role="alert">${esc(opts.error)}</p>` : ''}
<form method="post" action="/oauth/authorize">
<input type="hidden" name="request" value="${esc(opts.request)}">
<input type="hidden" name="step" value="consent">
<fieldset><legend>Allow it to</legend>
${items}
</fieldset>
<button type="submit" name="decision" value="approve" class="primary">Allow</button>
<button type="submit" name="decision" value="deny">Deny</button>
</form>
<p class="muted">Only allow applications you started yourself. You can revoke access later.</p>`,
  );
}

/** An error shown to the user (when redirecting back to the client would be unsafe). */
export function errorPage(title: string, message: string): string {
  return layout(title, `<h1>${esc(title)}</h1><p class="error">${esc(message)}</p>`);
}
