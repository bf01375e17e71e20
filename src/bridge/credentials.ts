import { randomBytes } from 'node:crypto';
import { chmod, mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import lockfile from 'proper-lockfile';
import { PorticoError } from '../errors/index.js';

/** A static `mcp_` token saved by `portico login --token`. */
export interface TokenCredentials {
  kind: 'token';
  token: string;
  saved_at: string;
}

/** OAuth client registration and tokens saved by `portico login`. */
export interface OAuthCredentials {
  kind: 'oauth';
  /** Authorization server issuer (from its metadata). */
  issuer: string;
  client_id: string;
  client_secret?: string;
  access_token: string;
  /** ISO time the access token expires (absent: the server did not say). */
  access_expires_at?: string;
  refresh_token?: string;
  /** Space-separated scopes granted. */
  scopes?: string;
  /** RFC 8707 resource the tokens are for. */
  resource?: string;
  saved_at: string;
}

/** One gateway's saved credentials. */
export type GatewayCredentials = TokenCredentials | OAuthCredentials;

/** The credentials file: entries keyed by normalized gateway URL. */
export interface CredentialsFile {
  version: 1;
  gateways: Record<string, GatewayCredentials>;
}

/** `PORTICO_CREDENTIALS_FILE`, else `~/.portico/credentials.json`. */
export function defaultCredentialsPath(env: NodeJS.ProcessEnv = process.env): string {
  const override = env.PORTICO_CREDENTIALS_FILE;
  if (override !== undefined && override !== '') return override;
  return join(homedir(), '.portico', 'credentials.json');
}

const LOCK_RETRIES = { retries: 400, factor: 1.2, minTimeout: 20, maxTimeout: 250, randomize: true };

function empty(): CredentialsFile {
  return { version: 1, gateways: {} };
}

/**
 * The credentials file, safe for concurrent processes: every change is read-modify-write under an
 * exclusive lock (`<file>.lock`, proper-lockfile) and written atomically (temp file in the same
 * directory, fsync, rename) with mode 0600, so readers never see a partial file and no update is lost.
 */
export class CredentialsStore {
  readonly path: string;

  constructor(path: string = defaultCredentialsPath()) {
    this.path = path;
  }

  /** The whole file (empty when missing). Lock-free: writes are atomic renames. */
  async read(): Promise<CredentialsFile> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return empty();
      throw new PorticoError('store_error', `Cannot read ${this.path}: ${(err as Error).message}`);
    }
    try {
      const parsed = JSON.parse(text) as Partial<CredentialsFile>;
      if (parsed === null || typeof parsed !== 'object' || typeof parsed.gateways !== 'object')
        return empty();
      return { version: 1, gateways: parsed.gateways ?? {} };
    } catch {
      throw new PorticoError(
        'store_error',
        `${this.path} is not valid JSON. Move it away and run portico login again.`,
      );
    }
  }

  /** One gateway's entry, if saved. */
  async get(gatewayUrl: string): Promise<GatewayCredentials | undefined> {
    return (await this.read()).gateways[gatewayUrl];
  }

  /** Run `fn` while holding the file's exclusive lock (other processes wait). */
  async withLock<T>(fn: () => Promise<T>): Promise<T> {
    await mkdir(dirname(this.path), { recursive: true, mode: 0o700 });
    let release: () => Promise<void>;
    try {
      release = await lockfile.lock(this.path, {
        realpath: false,
        lockfilePath: `${this.path}.lock`,
        stale: 15_000,
        retries: LOCK_RETRIES,
        onCompromised: () => undefined,
      });
    } catch (err) {
      throw new PorticoError(
        'store_error',
        `Cannot lock ${this.path} (${(err as Error).message}). If no other portico process is running, delete ${this.path}.lock.`,
      );
    }
    try {
      return await fn();
    } finally {
      await release().catch(() => undefined);
    }
  }

  /**
   * Read-modify-write under the lock. `fn` edits the file in place (or returns a replacement);
   * returns what the file holds afterwards.
   */
  async update(
    fn: (file: CredentialsFile) => CredentialsFile | undefined | Promise<CredentialsFile | undefined>,
  ): Promise<CredentialsFile> {
    return this.withLock(async () => {
      const current = await this.read();
      const next = (await fn(current)) ?? current;
      await this.writeUnlocked(next);
      return next;
    });
  }

  /** Save one gateway's entry. */
  async set(gatewayUrl: string, entry: GatewayCredentials): Promise<void> {
    await this.update((f) => {
      f.gateways[gatewayUrl] = entry;
      return f;
    });
  }

  /** Remove one gateway's entry; returns what was removed. */
  async remove(gatewayUrl: string): Promise<GatewayCredentials | undefined> {
    let removed: GatewayCredentials | undefined;
    await this.update((f) => {
      removed = f.gateways[gatewayUrl];
      delete f.gateways[gatewayUrl];
      return f;
    });
    return removed;
  }

  /** Atomic replace; the caller must hold the lock ({@link withLock}). */
  async writeUnlocked(file: CredentialsFile): Promise<void> {
    const dir = dirname(this.path);
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const tmp = join(dir, `.credentials.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
    const handle = await open(tmp, 'w', 0o600);
    try {
      await handle.writeFile(`${JSON.stringify(file, null, 2)}\n`, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    try {
      await chmod(tmp, 0o600);
      await rename(tmp, this.path);
    } catch (err) {
      await rm(tmp, { force: true });
      throw new PorticoError('store_error', `Cannot write ${this.path}: ${(err as Error).message}`);
    }
  }
}
