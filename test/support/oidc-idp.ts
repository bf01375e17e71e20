import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import Provider from 'oidc-provider';

/** How a client's access tokens are shaped, imitating one identity provider's claims. */
export type TokenShape = (payload: Record<string, unknown>, issuer: string) => void;

/** One client_credentials client of the test IdP and the shape of its tokens. */
export interface IdpClient {
  id: string;
  /** Edits the JWT payload before signing (claims as Okta, Auth0, Entra … put them). */
  shape?: TokenShape;
}

/** A running `oidc-provider` set up like Keycloak: issuer `…/realms/portico`, RS256 `at+jwt` access tokens. */
export interface TestIdp {
  /** The issuer (`http://127.0.0.1:<port>/realms/portico`). */
  issuer: string;
  /** Key ids published in the JWKS, the signing one first. */
  kids(): string[];
  /** A client_credentials access token for `resource`. */
  token(clientId: string, resource: string, scope?: string): Promise<string>;
  /** Start signing with a new key (published first in the JWKS; the old one stays listed). */
  rotate(): Promise<string>;
  /** How many times the JWKS was fetched. */
  jwksFetches(): number;
  /** While down, every connection is dropped (network failure as the gateway sees it). */
  setDown(down: boolean): void;
  close(): Promise<void>;
}

const SECRET = 'test-client-secret-0123456789abcdef';
const PREFIX = '/realms/portico';
export const IDP_SCOPES = 'mcp.tools.discovery mcp.tools.invoke mcp.tools.write';

type PrivateJwk = JWK & { kid: string };

async function newKey(kid: string): Promise<PrivateJwk> {
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  return { ...(await exportJWK(privateKey)), kid, alg: 'RS256', use: 'sig' };
}

/**
 * Start a real certified OpenID Provider (`oidc-provider`) on 127.0.0.1 port 0, with real discovery
 * (`/realms/portico/.well-known/openid-configuration`), a real JWKS, resource indicators (aud = the
 * requested resource) and client_credentials; `rotate()` restarts it with a new signing key, as an
 * IdP's key rotation looks from outside.
 */
export async function startTestIdp(clients: IdpClient[], opts: { tenant?: string } = {}): Promise<TestIdp> {
  const shapes = new Map(clients.map((c) => [c.id, c.shape]));
  let keys: PrivateJwk[] = [await newKey('k1')];
  let handler: (req: IncomingMessage, res: ServerResponse) => void = (_q, s) => s.writeHead(503).end();
  let down = false;
  let jwksFetches = 0;
  const server: Server = createServer((req, res) => {
    if (down) {
      req.socket.destroy();
      return;
    }
    const url = req.url ?? '/';
    if (url !== PREFIX && !url.startsWith(`${PREFIX}/`)) {
      res.writeHead(404).end();
      return;
    }
    if (url.split('?')[0] === `${PREFIX}/jwks`) jwksFetches++;
    (req as IncomingMessage & { originalUrl?: string }).originalUrl = url;
    req.url = url.slice(PREFIX.length) || '/';
    handler(req, res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}${PREFIX}`;

  const build = () => {
    const provider = new Provider(issuer, {
      clients: clients.map((c) => ({
        client_id: c.id,
        client_secret: SECRET,
        grant_types: ['client_credentials'],
        redirect_uris: [],
        response_types: [],
        token_endpoint_auth_method: 'client_secret_post',
      })),
      jwks: { keys: keys.map((k) => ({ ...k })) },
      scopes: IDP_SCOPES.split(' '),
      ttl: { ClientCredentials: 300 },
      features: {
        devInteractions: { enabled: false },
        clientCredentials: { enabled: true },
        resourceIndicators: {
          enabled: true,
          defaultResource: (_ctx: unknown, _client: unknown, oneOf?: string | string[]) => oneOf,
          useGrantedResource: () => true,
          getResourceServerInfo: (_ctx: unknown, resource: string) => ({
            scope: IDP_SCOPES,
            audience: resource,
            accessTokenFormat: 'jwt',
            accessTokenTTL: 300,
            jwt: { sign: { alg: 'RS256' } },
          }),
        },
      },
      extraTokenClaims: () => ({ tenant: opts.tenant ?? 'acme' }),
      formats: {
        customizers: {
          jwt: (_ctx: unknown, token: { clientId?: string }, jwt: { payload: Record<string, unknown> }) => {
            shapes.get(token.clientId ?? '')?.(jwt.payload, issuer);
          },
        },
      },
    });
    const cb = provider.callback();
    handler = (req, res) => void cb(req, res);
  };
  build();

  return {
    issuer,
    kids: () => keys.map((k) => k.kid),
    jwksFetches: () => jwksFetches,
    async token(clientId, resource, scope = 'mcp.tools.discovery mcp.tools.invoke') {
      const res = await fetch(`${issuer}/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: clientId,
          client_secret: SECRET,
          resource,
          scope,
        }),
      });
      const body = (await res.json()) as {
        access_token?: string;
        error?: string;
        error_description?: string;
      };
      if (body.access_token === undefined) {
        throw new Error(`IdP token request failed: ${res.status} ${body.error}: ${body.error_description}`);
      }
      return body.access_token;
    },
    async rotate() {
      const kid = `k${keys.length + 1}`;
      keys = [await newKey(kid), ...keys];
      build();
      return kid;
    },
    setDown(value) {
      down = value;
    },
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
