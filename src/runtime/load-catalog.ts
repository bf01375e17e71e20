import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import {
  buildCatalog,
  buildViews,
  type Catalog,
  loadOpenApiDocument,
  type OpenApiDocument,
  type PublishedView,
  type RemoteToolInfo,
} from '../catalog/index.js';
import { loadConfig } from '../config/index.js';
import type { PorticoConfig } from '../spec/index.js';

/** Everything read from disk (or URLs) for one catalogue revision. */
export interface LoadedSources {
  config: PorticoConfig;
  docs: Map<string, OpenApiDocument>;
  /** SHA-256 of the config file's bytes (never the text: it may hold secrets). */
  configHash: string;
  /** Local files to watch for hot reload: the config and its OpenAPI documents. */
  files: string[];
}

/** The catalogue and views served for one revision. */
export interface Serving {
  catalog: Catalog;
  views: Map<string, PublishedView>;
}

/** A validated config and the catalogue built from it (what `portico check` prints). */
export interface LoadedCatalog extends LoadedSources, Serving {}

/** Load `file` and its OpenAPI documents: the only I/O of the catalogue pipeline. */
export async function loadSources(
  file: string,
  env: Record<string, string | undefined> = process.env,
): Promise<LoadedSources> {
  const config = await loadConfig(file, { env });
  const docs = new Map<string, OpenApiDocument>();
  await Promise.all(
    config.openapi.map(async (src) => {
      docs.set(src.name, await loadOpenApiDocument(src.source, config.baseDir));
    }),
  );
  const configHash = createHash('sha256')
    .update(await readFile(config.file))
    .digest('hex');
  const files = [
    config.file,
    ...config.openapi
      .map((o) => o.source)
      .filter((s) => !/^https?:\/\//i.test(s))
      .map((s) => (isAbsolute(s) ? s : resolve(config.baseDir, s))),
  ];
  return { config, docs, configHash, files };
}

/** Pure: sources (+ the federated servers' current tools) → catalogue and views. */
export function buildServing(
  sources: LoadedSources,
  federated: ReadonlyMap<string, RemoteToolInfo[]> = new Map(),
): Serving {
  const { config } = sources;
  const catalog = buildCatalog(config, sources.docs, federated);
  const views = buildViews(catalog, config.defaultView, config.views, {
    descriptionMaxLength: config.publish.descriptionMaxLength,
    separator: config.naming.separator,
  });
  return { catalog, views };
}

/** Load and build in one step (no federation: its tools are only known once connected). */
export async function loadCatalog(
  file: string,
  env: Record<string, string | undefined> = process.env,
): Promise<LoadedCatalog> {
  const sources = await loadSources(file, env);
  return { ...sources, ...buildServing(sources) };
}
