import { type OAuthConfig, parseDurationSec } from '../spec/index.js';
import { CONFIG_DEFAULTS as D } from './defaults.js';
import { optional } from './optional.js';
import type { YamlConfig } from './schema.js';

type YamlOAuth = NonNullable<YamlConfig['oauth']>;

/** YAML `oauth` → {@link OAuthConfig} with defaults (absent → `mode: off`). */
export function normalizeOAuth(o: YamlOAuth | undefined): OAuthConfig {
  const mode = o?.mode ?? 'off';
  return {
    mode,
    accessTokenTtlSec: seconds(o?.access_token_ttl) ?? D.oauthAccessTokenTtlSec,
    refreshTokenTtlSec: seconds(o?.refresh_token_ttl) ?? D.oauthRefreshTokenTtlSec,
    dynamicRegistration: o?.dynamic_registration ?? true,
    allowInsecureClientMetadata: o?.allow_insecure_client_metadata ?? false,
    ...optional('defaultScopes', o?.default_scopes),
    ...optional(
      'external',
      mode === 'external' && o?.issuer !== undefined
        ? {
            issuer: o.issuer,
            ...optional('jwksUri', o.jwks_uri),
            ...optional('audiences', typeof o.audience === 'string' ? [o.audience] : o.audience),
            tenantClaim: o.tenant_claim ?? D.oauthTenantClaim,
            tenantMap: o.tenant_map ?? {},
            scopeClaims:
              o.scope_claim === undefined
                ? ['scope', 'scp']
                : typeof o.scope_claim === 'string'
                  ? [o.scope_claim]
                  : o.scope_claim,
            scopeMap: Object.fromEntries(
              Object.entries(o.scope_map ?? {}).map(([k, v]) => [
                k,
                typeof v === 'string' ? v.split(/\s+/).filter(Boolean) : v,
              ]),
            ),
          }
        : undefined,
    ),
  };
}

function seconds(v: string | undefined): number | undefined {
  return v === undefined ? undefined : parseDurationSec(v);
}
