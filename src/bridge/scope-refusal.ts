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
  const missing = required.filter((s) => !granted.includes(s));
  const needed = missing.length > 0 ? missing : required;
  const wanted = [...granted, ...required.filter((s) => !granted.includes(s))];
  const what =
    needed.length > 0
      ? `it needs the scope ${needed.join(' ')}, which your ${who?.kind === 'token' ? 'token' : 'sign-in'} does not have`
      : 'your sign-in lacks a scope it needs';
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
