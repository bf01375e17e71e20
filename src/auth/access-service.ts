import { randomBytes, timingSafeEqual } from 'node:crypto';
import { PorticoError } from '../errors/index.js';
import type { Logger } from '../observability/index.js';
import { parseRate, RATE_SYNTAX } from '../spec/index.js';
import type { Store, Tenant, TokenRecord } from '../store/types.js';
import { parseExpiry } from './expiry.js';
import { DEFAULT_TOKEN_SCOPES, parseScopes } from './scopes.js';
import { generateTokenSecret, hashTokenSecret, looksLikeTokenSecret } from './token-secret.js';
import { type Principal, SCOPES, type Scope } from './types.js';

/** Public view of a token (never the hash or the secret). */
export type TokenInfo = Omit<TokenRecord, 'hash'>;

/** What {@link AccessService.createToken} takes. */
export interface CreateTokenInput {
  tenantId: string;
  label: string;
  /** Scope names (default discovery + invoke). */
  scopes?: string[] | string;
  /** `30d`, `90d`, `365d`, `never`… (default `90d`). */
  expires?: string;
  /** Per-token rate override such as `120/min`. */
  rateLimit?: string;
  /** Views the token may use (default all). */
  views?: string[];
  /** The console user creating it (members see only their own tokens). */
  userId?: string;
}

/** Options of {@link AccessService}. */
export interface AccessServiceOptions {
  now?: () => Date;
  /** Coalescing window for `last_used_at` writes, default 5000 ms. */
  touchFlushMs?: number;
  logger?: Logger;
}

/** Why an authentication failed (for metrics only; never shown to the caller). */
export type AuthFailureReason = 'malformed' | 'unknown' | 'expired' | 'revoked';

const TENANT_ID = /^[a-z0-9][a-z0-9_-]{0,39}$/;
const DAY_MS = 86_400_000;
const KNOWN_SCOPES: ReadonlySet<string> = new Set(SCOPES);

/** Cached token records at most (the cache is emptied when full). */
const TOKEN_CACHE_MAX = 10_000;

/** Tenants and `mcp_` tokens: creation, listing, revocation and per-request authentication. */
export class AccessService {
  private readonly store: Store;
  private readonly now: () => Date;
  private readonly touchFlushMs: number;
  private readonly logger: Logger | undefined;
  private readonly tenantNames = new Map<string, string>();
  /** Token records by hash, valid while the store's {@link Store.tokensStamp} is `cacheStamp`. */
  private readonly tokenCache = new Map<string, TokenRecord>();
  private cacheStamp: string | undefined;
  /** Last use per token id not yet written to the store. */
  private pending = new Map<string, Date>();
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(store: Store, opts: AccessServiceOptions = {}) {
    this.store = store;
    this.now = opts.now ?? (() => new Date());
    this.touchFlushMs = Math.max(0, opts.touchFlushMs ?? 5000);
    this.logger = opts.logger;
  }

  /** Create a tenant. `id`: 1–40 of `[a-z0-9_-]` starting with a letter or digit; `name` defaults to the id. */
  async createTenant(input: { id: string; name?: string }): Promise<Tenant> {
    const id = String(input.id ?? '');
    if (!TENANT_ID.test(id)) {
      throw new PorticoError(
        'invalid_input',
        `Invalid tenant id "${id}": use 1–40 lower-case letters, digits, "-" or "_", starting with a letter or digit (e.g. acme).`,
        { field: 'id' },
      );
    }
    const name = input.name === undefined ? id : input.name.trim();
    if (name === '' || name.length > 200 || hasControlChars(name)) {
      throw new PorticoError(
        'invalid_input',
        `Invalid tenant name for "${id}": use 1–200 printable characters (or omit it to use the id).`,
        { field: 'name' },
      );
    }
    if ((await this.store.getTenant(id)) !== undefined) {
      throw new PorticoError('conflict', `Tenant "${id}" already exists; pick another id.`, { tenantId: id });
    }
    const tenant = await this.store.createTenant({ id, name });
    this.tenantNames.set(tenant.id, tenant.name);
    return tenant;
  }

  /** Every tenant, ordered by id. */
  listTenants(): Promise<Tenant[]> {
    return this.store.listTenants();
  }

  getTenant(id: string): Promise<Tenant | undefined> {
    return this.store.getTenant(id);
  }

  /**
   * Issue a token for a tenant: id `tok_` + 16 hex, label 1–100 characters. Unknown tenant →
   * `not_found`. Returns the secret exactly once (only its hash is stored).
   */
  async createToken(input: CreateTokenInput): Promise<{ token: TokenInfo; secret: string }> {
    const label = String(input.label ?? '').trim();
    if (label === '' || label.length > 100 || hasControlChars(label)) {
      throw new PorticoError(
        'invalid_input',
        'Invalid token label: use 1–100 printable characters (e.g. "ci-bot").',
        {
          field: 'label',
        },
      );
    }
    const scopes = input.scopes === undefined ? [...DEFAULT_TOKEN_SCOPES] : parseScopes(input.scopes);
    const days = parseExpiry(input.expires ?? '90d');
    let rateLimit: string | null = null;
    if (input.rateLimit !== undefined) {
      const spec = parseRate(input.rateLimit);
      if (spec === undefined) {
        throw new PorticoError(
          'invalid_input',
          `Invalid rate limit "${input.rateLimit}": use ${RATE_SYNTAX}.`,
          {
            field: 'rateLimit',
          },
        );
      }
      rateLimit = spec.text;
    }
    const views = input.views === undefined ? null : normalizeViews(input.views);
    const tenant = await this.store.getTenant(input.tenantId);
    if (tenant === undefined) {
      throw new PorticoError(
        'not_found',
        `Unknown tenant "${input.tenantId}": create it first (portico tenants create ${input.tenantId}).`,
        { tenantId: input.tenantId },
      );
    }
    const now = this.now();
    const { secret, hash, prefix } = generateTokenSecret();
    const record = await this.store.insertToken({
      id: `tok_${randomBytes(8).toString('hex')}`,
      tenantId: tenant.id,
      label,
      prefix,
      hash,
      scopes,
      views,
      rateLimit,
      userId: input.userId ?? null,
      createdAt: now,
      expiresAt: days === null ? null : new Date(now.getTime() + days * DAY_MS),
    });
    return { token: this.info(record), secret };
  }

  /** Tokens, newest first, optionally of one tenant and/or user; `lastUsedAt` includes not-yet-flushed uses. */
  async listTokens(filter?: { tenantId?: string; userId?: string }): Promise<TokenInfo[]> {
    const rows = await this.store.listTokens(filter);
    return rows.map((r) => this.info(r));
  }

  /** One token's public view (never its hash), or undefined for an unknown id. */
  async getToken(id: string): Promise<TokenInfo | undefined> {
    const record = await this.store.getToken(id);
    return record === undefined ? undefined : this.info(record);
  }

  /** Revoke a token (idempotent: keeps the first revocation time); `not_found` for an unknown id. */
  async revokeToken(id: string): Promise<TokenInfo> {
    const record = await this.store.revokeToken(id, this.now());
    if (record === undefined) {
      throw new PorticoError('not_found', `Unknown token "${id}": list tokens with portico tokens list.`, {
        tokenId: id,
      });
    }
    return this.info(record);
  }

  /**
   * Resolve a bearer secret to a {@link Principal}, or undefined when it is malformed, unknown,
   * expired or revoked (indistinguishable to the caller). The token record comes from memory while
   * the store reports no token change (SQLite `data_version` + this store's own revocations), else
   * from one indexed lookup (always on PostgreSQL, where another replica's revocation must apply to
   * the very next request); expiry is checked on every call. The use is recorded in memory and
   * written by a coalesced batch.
   */
  async authenticate(secret: string): Promise<Principal | undefined> {
    return (await this.authenticateDetailed(secret)).principal;
  }

  /**
   * The token with this hash: from memory while the store reports no token change since it was
   * read (a revocation here, or any commit by another process such as the CLI, changes the stamp
   * and empties the cache), else one indexed lookup; always the lookup when the store has no stamp.
   */
  private async lookup(hash: string): Promise<TokenRecord | undefined> {
    const stamp = this.store.tokensStamp();
    if (stamp === undefined) return this.store.findTokenByHash(hash);
    if (stamp !== this.cacheStamp) {
      this.tokenCache.clear();
      this.cacheStamp = stamp;
    }
    const hit = this.tokenCache.get(hash);
    if (hit !== undefined) return hit;
    const record = await this.store.findTokenByHash(hash);
    // Cache only what was read under the current stamp (a change during the read invalidates it).
    if (record !== undefined && this.store.tokensStamp() === stamp) {
      if (this.tokenCache.size >= TOKEN_CACHE_MAX) this.tokenCache.clear();
      this.tokenCache.set(hash, record);
    }
    return record;
  }

  /** {@link authenticate} plus the reason of a failure (for metrics only). */
  async authenticateDetailed(secret: string): Promise<{ principal?: Principal; reason?: AuthFailureReason }> {
    if (!looksLikeTokenSecret(secret)) return { reason: 'malformed' };
    const hash = hashTokenSecret(secret);
    const record = await this.lookup(hash);
    if (record === undefined || !sameHash(record.hash, hash)) return { reason: 'unknown' };
    const now = this.now();
    if (record.revokedAt !== null) return { reason: 'revoked' };
    if (record.expiresAt !== null && record.expiresAt.getTime() <= now.getTime())
      return { reason: 'expired' };
    const tenantName = await this.tenantName(record.tenantId);
    if (tenantName === undefined) return { reason: 'unknown' };
    this.recordUse(record.id, now);
    return {
      principal: {
        kind: 'token',
        tenantId: record.tenantId,
        tenantName,
        tokenId: record.id,
        subject: record.id,
        label: record.label,
        prefix: record.prefix,
        scopes: new Set(record.scopes.filter((s): s is Scope => KNOWN_SCOPES.has(s))),
        views: record.views === null ? null : [...record.views],
        expiresAt: record.expiresAt,
        rateLimit: record.rateLimit,
      },
    };
  }

  /** Write pending `last_used_at` updates now (one `touchTokens` call). */
  flush(): Promise<void> {
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    this.flushing = this.flushing.then(() => this.writePending());
    return this.flushing;
  }

  /** Flush pending uses and stop the timer. */
  async close(): Promise<void> {
    this.closed = true;
    await this.flush();
  }

  private async writePending(): Promise<void> {
    if (this.pending.size === 0) return;
    const batch = this.pending;
    this.pending = new Map();
    const uses = [...batch].map(([id, at]) => ({ id, at }));
    try {
      await this.store.touchTokens(uses);
    } catch (err) {
      this.logger?.warn({ err, tokens: uses.length }, 'could not record token last use; will retry');
      for (const [id, at] of batch) {
        const newer = this.pending.get(id);
        if (newer === undefined || newer < at) this.pending.set(id, at);
      }
      this.schedule();
    }
  }

  private recordUse(id: string, at: Date): void {
    const prev = this.pending.get(id);
    if (prev === undefined || prev < at) this.pending.set(id, at);
    this.schedule();
  }

  private schedule(): void {
    if (this.timer !== undefined || this.closed || this.pending.size === 0) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, this.touchFlushMs);
    this.timer.unref?.();
  }

  private async tenantName(id: string): Promise<string | undefined> {
    const cached = this.tenantNames.get(id);
    if (cached !== undefined) return cached;
    const tenant = await this.store.getTenant(id);
    if (tenant !== undefined) this.tenantNames.set(tenant.id, tenant.name);
    return tenant?.name;
  }

  private info(record: TokenRecord): TokenInfo {
    const { hash: _hash, ...rest } = record;
    const pending = this.pending.get(record.id);
    const lastUsedAt =
      pending !== undefined && (rest.lastUsedAt === null || pending > rest.lastUsedAt)
        ? pending
        : rest.lastUsedAt;
    return { ...rest, lastUsedAt };
  }
}

/** True when `s` holds a C0 control character or DEL. */
function hasControlChars(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return true;
  }
  return false;
}

function sameHash(stored: string, computed: string): boolean {
  const a = Buffer.from(stored, 'hex');
  const b = Buffer.from(computed, 'hex');
  return a.length === b.length && a.length === 32 && timingSafeEqual(a, b);
}

function normalizeViews(views: string[]): string[] {
  if (!Array.isArray(views)) {
    throw new PorticoError(
      'invalid_input',
      'Invalid views: give a list of view names (omit it to allow every view).',
    );
  }
  const out: string[] = [];
  for (const v of views) {
    const name = String(v).trim();
    if (name === '' || name.length > 100 || /\s/.test(name) || hasControlChars(name)) {
      throw new PorticoError(
        'invalid_input',
        `Invalid view name "${String(v)}": use the view's name from portico.yaml.`,
        {
          field: 'views',
        },
      );
    }
    if (!out.includes(name)) out.push(name);
  }
  if (out.length === 0) {
    throw new PorticoError(
      'invalid_input',
      'Invalid views: the list is empty, which would allow no view; name at least one view, or omit it to allow every view.',
      { field: 'views' },
    );
  }
  return out;
}
