import { BridgeError } from './errors.js';

/** Who made the refused request: the saved sign-in's gateway URL, its kind and granted scopes. */
export interface WhoAsked {
  /** The URL the credentials are saved under (what `portico login` takes). */
  gatewayUrl: string;
  kind: 'token' | 'oauth';
  /** Space-separated scopes the sign-in was granted, when known. */
  grantedScopes?: string | undefined;
}

const words = (s: string | undefined): string[] => (s ?? '').split(/[\s,]+/).filter((w) => w !== '');

/** What a Portico sign-in gets by default; assumed held when the saved entry does not say. */
const DEFAULT_SCOPES = ['mcp.tools.discovery', 'mcp.tools.invoke'];

/**
 * A 403 `insufficient_scope` as a refusal naming the missing scope and the command that gets it:
 * `portico login <url> --scopes "…"` for an OAuth sign-in (asking for what it had plus what is
 * missing), a new token from the administrator for a static `mcp_` token.
 */
export function scopeRefusal(
  endpoint: string,
  requiredScope: string | undefined,
  description: string | undefined,
  who: WhoAsked | undefined,
): BridgeError {
  const required = words(requiredScope);
  const granted = words(who?.grantedScopes);
  // Ask for what the sign-in had plus what is missing, so the new sign-in loses nothing.
  const kept = granted.length > 0 ? granted : DEFAULT_SCOPES;
  const wanted = [...kept, ...required.filter((s) => !kept.includes(s))];
  const yours = who?.kind === 'token' ? 'token' : 'sign-in';
  const missing = required.filter((s) => !granted.includes(s));
  let what: string;
  if (required.length === 0) {
    what = `your ${yours} lacks a scope it needs`;
  } else if (granted.length > 0 && missing.length > 0) {
    what = `it needs the scope ${missing.join(' ')}, which your ${yours} does not have`;
  } else {
    // What the credential holds is unknown (static token, or nothing saved): name the whole need.
    what =
      required.length === 1
        ? `it needs the scope ${required[0]}, which your ${yours} does not have`
        : `it needs the scopes ${required.join(' ')}, and your ${yours} lacks at least one of them`;
  }
  const said = description !== undefined && description !== '' ? ` (the gateway said: ${description})` : '';
  const url = who?.gatewayUrl ?? endpoint;
  const fix =
    who?.kind === 'token'
      ? `Ask your Portico administrator for a token with ${wanted.length > 0 ? `the scopes ${wanted.join(',')}` : 'that scope'} ` +
        `(portico tokens create${wanted.length > 0 ? ` --scopes ${wanted.join(',')}` : ''}), then run: npx portico login ${url} --token <mcp_…>`
      : `To get it, sign in again with: npx portico login ${url}${wanted.length > 0 ? ` --scopes "${wanted.join(' ')}"` : ''}`;
  return new BridgeError(
    'forbidden',
    `Portico: the gateway at ${endpoint} refused this request (403 insufficient_scope): ${what}${said}. ${fix}`,
    { status: 403 },
  );
}
