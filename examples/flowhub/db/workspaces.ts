import { createHash, randomInt } from 'node:crypto';
import type { FlowHubDb } from './schema.js';
import type { WorkspaceRow } from './types.js';

/** The header that carries a workspace API key (`Authorization: Bearer <key>` is accepted too). */
export const API_KEY_HEADER = 'X-API-Key';

/** The seeded workspaces, in id order: acme (id 1) holds the main story, globex (id 2) a smaller one. */
export const WORKSPACE_SEEDS = [
  { slug: 'acme', name: 'Acme Corp', createdDaysAgo: 540 },
  { slug: 'globex', name: 'Globex Inc', createdDaysAgo: 210 },
] as const;

/** Slug of a seeded workspace. */
export type WorkspaceSlug = (typeof WORKSPACE_SEEDS)[number]['slug'];

/** Caller-chosen API keys per workspace; a workspace without one gets a random key. */
export type FlowHubApiKeys = Partial<Record<WorkspaceSlug, string>>;

/** A workspace and its (plain-text) API key, as returned when keys are issued. */
export interface FlowHubWorkspace {
  slug: string;
  name: string;
  apiKey: string;
}

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const KEY_SHAPE = /^[\x21-\x7e]{8,256}$/;

/** A new random API key: `fh_` followed by 32 base62 characters (crypto randomness). */
export function generateApiKey(): string {
  let out = 'fh_';
  for (let i = 0; i < 32; i++) out += BASE62[randomInt(62)];
  return out;
}

/** SHA-256 (hex) of an API key, as stored in `workspaces.api_key_hash`. */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** The workspace an API key belongs to, or undefined for an unknown key. */
export function findWorkspaceByKey(db: FlowHubDb, key: string): WorkspaceRow | undefined {
  return db.prepare('SELECT * FROM workspaces WHERE api_key_hash = ?').get(hashApiKey(key)) as
    | WorkspaceRow
    | undefined;
}

/**
 * The key of every seeded workspace: the one given in `apiKeys`, else a fresh random one.
 * Throws when `apiKeys` names an unknown workspace, a key is malformed or two workspaces share one.
 */
export function chooseApiKeys(apiKeys: FlowHubApiKeys = {}): Record<WorkspaceSlug, string> {
  const slugs = WORKSPACE_SEEDS.map((w) => w.slug as string);
  for (const [slug, key] of Object.entries(apiKeys)) {
    if (!slugs.includes(slug)) {
      throw new Error(`apiKeys names unknown workspace '${slug}'; the workspaces are ${slugs.join(', ')}.`);
    }
    if (key !== undefined && (typeof key !== 'string' || !KEY_SHAPE.test(key))) {
      throw new Error(
        `apiKeys.${slug} is not a valid API key: use 8 to 256 printable ASCII characters without spaces.`,
      );
    }
  }
  const keys = Object.fromEntries(
    WORKSPACE_SEEDS.map((w) => [w.slug, apiKeys[w.slug] ?? generateApiKey()]),
  ) as Record<WorkspaceSlug, string>;
  if (new Set(Object.values(keys)).size !== WORKSPACE_SEEDS.length) {
    throw new Error('apiKeys gives two workspaces the same key; every workspace needs its own key.');
  }
  return keys;
}

/** Inserts the seeded workspaces with the hashes of `keys` (ids 1, 2, … in {@link WORKSPACE_SEEDS} order). */
export function insertWorkspaces(
  db: FlowHubDb,
  keys: Record<WorkspaceSlug, string>,
  now: number,
): FlowHubWorkspace[] {
  const stmt = db.prepare(
    'INSERT INTO workspaces (id, slug, name, api_key_hash, created_at) VALUES (?, ?, ?, ?, ?)',
  );
  return WORKSPACE_SEEDS.map((w, i) => {
    stmt.run(
      i + 1,
      w.slug,
      w.name,
      hashApiKey(keys[w.slug]),
      new Date(now - w.createdDaysAgo * 86_400_000).toISOString(),
    );
    return { slug: w.slug, name: w.name, apiKey: keys[w.slug] };
  });
}

/**
 * (Re)issues the API keys of an already seeded database: only hashes are stored, so earlier keys cannot
 * be recovered. Each workspace gets its key from `apiKeys`, else a fresh random one; earlier keys stop working.
 */
export function issueApiKeys(db: FlowHubDb, apiKeys: FlowHubApiKeys = {}): FlowHubWorkspace[] {
  const keys = chooseApiKeys(apiKeys);
  const rows = db.prepare('SELECT id, slug, name FROM workspaces ORDER BY id').all() as Pick<
    WorkspaceRow,
    'id' | 'slug' | 'name'
  >[];
  const update = db.prepare('UPDATE workspaces SET api_key_hash = ? WHERE id = ?');
  db.transaction(() => {
    // Two steps, so swapping keys between workspaces never trips the UNIQUE constraint.
    for (const r of rows) update.run(`rotating:${r.id}`, r.id);
    for (const r of rows) update.run(hashApiKey(keyFor(keys, r.slug)), r.id);
  })();
  return rows.map((r) => ({ slug: r.slug, name: r.name, apiKey: keyFor(keys, r.slug) }));
}

function keyFor(keys: Record<WorkspaceSlug, string>, slug: string): string {
  const key = (keys as Record<string, string>)[slug];
  if (key === undefined) throw new Error(`FlowHub database has an unexpected workspace '${slug}'.`);
  return key;
}
