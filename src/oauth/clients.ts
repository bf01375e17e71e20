import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { request } from 'undici';
import type { Store } from '../store/index.js';
import { literalHostProblem, publicOnlyAgent } from './public-fetch.js';
import { isLoopbackHttp, redirectUriProblem } from './redirect-uri.js';

/** How a client authenticates at the token endpoint. */
export type ClientAuthMethod = 'none' | 'client_secret_post' | 'client_secret_basic';

/** A client as the authorization server sees it, whichever way it was registered. */
export interface ResolvedClient {
  id: string;
  name: string;
  redirectUris: string[];
  authMethod: ClientAuthMethod;
  /** SHA-256 hex of the secret (confidential DCR clients only). */
  secretHash: string | null;
  /** `registered` (Dynamic Client Registration) or `metadata_document` (the client id is its metadata URL). */
  source: 'registered' | 'metadata_document';
}

/** An RFC 7591 / RFC 6749 error with its OAuth `error` code. */
export class OAuthError extends Error {
  constructor(
    readonly error: string,
    readonly description: string,
    readonly status = 400,
  ) {
    super(description);
  }
}

const AUTH_METHODS: readonly ClientAuthMethod[] = ['none', 'client_secret_post', 'client_secret_basic'];
const MAX_DOCUMENT_BYTES = 64 * 1024;
const FETCH_TIMEOUT_MS = 5_000;
const CACHE_MS = 5 * 60_000;
const CACHE_MAX = 1_000;

/** Options of {@link ClientRegistry}. */
export interface ClientRegistryOptions {
  store: Store;
  /** Accept `http://127.0.0.1`/`localhost` metadata document URLs (tests only). */
  allowInsecureMetadata: boolean;
  now?: () => number;
}

/** Clients: Dynamic Client Registration (RFC 7591) and Client ID Metadata Documents. */
export class ClientRegistry {
  private readonly cache = new Map<string, { client: ResolvedClient; until: number }>();
  private readonly now: () => number;

  constructor(private readonly opts: ClientRegistryOptions) {
    this.now = opts.now ?? Date.now;
  }

  /** True when `clientId` is a URL this server would fetch as a metadata document. */
  isMetadataUrl(clientId: string): boolean {
    let url: URL;
    try {
      url = new URL(clientId);
    } catch {
      return false;
    }
    if (url.hash !== '' || url.username !== '' || url.password !== '') return false;
    if (url.pathname === '/' || url.pathname === '') return false;
    if (url.protocol === 'https:') return true;
    return this.opts.allowInsecureMetadata && isLoopbackHttp(url);
  }

  /** RFC 7591 registration: validates the metadata and stores the client; returns the response body. */
  async register(body: unknown): Promise<Record<string, unknown>> {
    if (body === null || typeof body !== 'object' || Array.isArray(body)) {
      throw new OAuthError('invalid_client_metadata', 'The registration request must be a JSON object.');
    }
    const meta = body as Record<string, unknown>;
    const redirectUris = stringArray(meta.redirect_uris);
    if (redirectUris === undefined || redirectUris.length === 0) {
      throw new OAuthError('invalid_redirect_uri', 'redirect_uris must be a non-empty array of URLs.');
    }
    for (const uri of redirectUris) {
      const problem = redirectUriProblem(uri);
      if (problem !== undefined) throw new OAuthError('invalid_redirect_uri', `Redirect URI ${problem}.`);
    }
    const grantTypes = stringArray(meta.grant_types) ?? ['authorization_code', 'refresh_token'];
    const badGrant = grantTypes.find((g) => g !== 'authorization_code' && g !== 'refresh_token');
    if (badGrant !== undefined) {
      throw new OAuthError(
        'invalid_client_metadata',
        `grant_types: "${badGrant}" is not supported (use authorization_code and refresh_token).`,
      );
    }
    const responseTypes = stringArray(meta.response_types) ?? ['code'];
    if (responseTypes.some((r) => r !== 'code')) {
      throw new OAuthError('invalid_client_metadata', 'response_types: only "code" is supported.');
    }
    const method = meta.token_endpoint_auth_method ?? 'client_secret_basic';
    if (typeof method !== 'string' || !AUTH_METHODS.includes(method as ClientAuthMethod)) {
      throw new OAuthError(
        'invalid_client_metadata',
        `token_endpoint_auth_method: "${String(method)}" is not supported (use ${AUTH_METHODS.join(', ')}).`,
      );
    }
    const authMethod = method as ClientAuthMethod;
    const name = clientName(meta.client_name);
    const id = `cli_${randomBytes(12).toString('hex')}`;
    const secret = authMethod === 'none' ? undefined : randomBytes(32).toString('base64url');
    const createdAt = new Date(this.now());
    await this.opts.store.insertOAuthClient({
      id,
      name: name ?? id,
      redirectUris,
      tokenEndpointAuthMethod: authMethod,
      secretHash: secret === undefined ? null : sha256(secret),
      createdAt,
    });
    return {
      client_id: id,
      client_id_issued_at: Math.floor(createdAt.getTime() / 1000),
      ...(secret !== undefined ? { client_secret: secret, client_secret_expires_at: 0 } : {}),
      client_name: name ?? id,
      redirect_uris: redirectUris,
      grant_types: grantTypes,
      response_types: responseTypes,
      token_endpoint_auth_method: authMethod,
    };
  }

  /** The client for a `client_id` (registered, or fetched from its metadata URL); undefined when unknown. */
  async resolve(clientId: string): Promise<ResolvedClient | undefined> {
    if (this.isMetadataUrl(clientId)) return this.fromDocument(clientId);
    const rec = await this.opts.store.getOAuthClient(clientId);
    if (rec === undefined) return undefined;
    return {
      id: rec.id,
      name: rec.name,
      redirectUris: rec.redirectUris,
      authMethod: rec.tokenEndpointAuthMethod as ClientAuthMethod,
      secretHash: rec.secretHash,
      source: 'registered',
    };
  }

  /** Check a confidential client's secret (constant time). */
  secretMatches(client: ResolvedClient, secret: string | undefined): boolean {
    if (client.secretHash === null || secret === undefined) return false;
    const a = Buffer.from(client.secretHash, 'hex');
    const b = Buffer.from(sha256(secret), 'hex');
    return a.length === b.length && timingSafeEqual(a, b);
  }

  private async fromDocument(url: string): Promise<ResolvedClient> {
    const hit = this.cache.get(url);
    if (hit !== undefined && hit.until > this.now()) return hit.client;
    // Another replica may have fetched and validated it already.
    const shared = await this.opts.store.getClientMetadata(url, new Date(this.now()));
    if (shared !== undefined) return this.remember(url, JSON.parse(shared) as ResolvedClient);
    const doc = await fetchDocument(url, !this.opts.allowInsecureMetadata);
    if (doc.client_id !== url) {
      throw new OAuthError(
        'invalid_client',
        `The client metadata document at ${url} names client_id "${String(doc.client_id)}"; it must be the document's own URL.`,
      );
    }
    const redirectUris = stringArray(doc.redirect_uris);
    if (redirectUris === undefined || redirectUris.length === 0) {
      throw new OAuthError('invalid_client', `The client metadata document at ${url} has no redirect_uris.`);
    }
    for (const uri of redirectUris) {
      const problem = redirectUriProblem(uri);
      if (problem !== undefined) {
        throw new OAuthError(
          'invalid_client',
          `The client metadata document at ${url}: redirect URI ${problem}.`,
        );
      }
    }
    const method = doc.token_endpoint_auth_method ?? 'none';
    if (method !== 'none') {
      throw new OAuthError(
        'invalid_client',
        `The client metadata document at ${url} asks for token_endpoint_auth_method "${String(method)}"; only "none" is supported for metadata-document clients.`,
      );
    }
    const client: ResolvedClient = {
      id: url,
      name: clientName(doc.client_name) ?? new URL(url).host,
      redirectUris,
      authMethod: 'none',
      secretHash: null,
      source: 'metadata_document',
    };
    // Best effort: a store failure only means other replicas fetch the document themselves.
    await this.opts.store
      .putClientMetadata(url, JSON.stringify(client), new Date(this.now() + CACHE_MS))
      .catch(() => undefined);
    return this.remember(url, client);
  }

  private remember(url: string, client: ResolvedClient): ResolvedClient {
    if (this.cache.size >= CACHE_MAX) this.cache.delete(this.cache.keys().next().value as string);
    this.cache.set(url, { client, until: this.now() + CACHE_MS });
    return client;
  }
}

async function fetchDocument(url: string, publicOnly: boolean): Promise<Record<string, unknown>> {
  const fail = (why: string) =>
    new OAuthError('invalid_client', `Cannot use the client metadata document at ${url}: ${why}.`);
  if (publicOnly) {
    const problem = literalHostProblem(new URL(url));
    if (problem !== undefined) throw fail(problem);
  }
  let res: Awaited<ReturnType<typeof request>>;
  try {
    res = await request(url, {
      ...(publicOnly ? { dispatcher: publicOnlyAgent } : {}),
      method: 'GET',
      headers: { accept: 'application/json' },
      headersTimeout: FETCH_TIMEOUT_MS,
      bodyTimeout: FETCH_TIMEOUT_MS,
      signal: AbortSignal.timeout(FETCH_TIMEOUT_MS),
    });
  } catch (err) {
    throw fail(`fetching it failed (${(err as Error).message})`);
  }
  if (res.statusCode !== 200) {
    await res.body.dump();
    throw fail(`it answered HTTP ${res.statusCode} (redirects are not followed)`);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of res.body) {
      size += (chunk as Buffer).length;
      if (size > MAX_DOCUMENT_BYTES) {
        res.body.destroy();
        throw fail(`it is larger than ${MAX_DOCUMENT_BYTES} bytes`);
      }
      chunks.push(chunk as Buffer);
    }
  } catch (err) {
    if (err instanceof OAuthError) throw err;
    throw fail(`reading it failed (${(err as Error).message})`);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw fail('it is not JSON');
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) throw fail('it is not a JSON object');
  return doc as Record<string, unknown>;
}

function stringArray(v: unknown): string[] | undefined {
  return Array.isArray(v) && v.every((x) => typeof x === 'string') ? (v as string[]) : undefined;
}

function clientName(v: unknown): string | undefined {
  if (typeof v !== 'string') return undefined;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: strip control characters from a display name
  const name = v.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return name === '' ? undefined : name.slice(0, 100);
}

/** Lower-case hex SHA-256. */
export function sha256(s: string): string {
  return createHash('sha256').update(s, 'utf8').digest('hex');
}
