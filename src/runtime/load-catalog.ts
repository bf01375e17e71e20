import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { buildCatalog, type Catalog, loadOpenApiDocument, type OpenApiDocument } from '../catalog/index.js';
import { loadConfig, type PorticoConfig } from '../config/index.js';

/** A validated config and the catalogue built from it. */
export interface LoadedCatalog {
  config: PorticoConfig;
  catalog: Catalog;
  /** SHA-256 of the config file's bytes (never the text: it may hold secrets). */
  configHash: string;
}

/**
 * Load `file`, fetch its OpenAPI documents and build the catalogue. The only I/O step of the
 * catalogue pipeline; everything after reading is pure.
 */
export async function loadCatalog(
  file: string,
  env: Record<string, string | undefined> = process.env,
): Promise<LoadedCatalog> {
  const config = await loadConfig(file, { env });
  const docs = new Map<string, OpenApiDocument>();
  await Promise.all(
    config.openapi.map(async (src) => {
      docs.set(src.name, await loadOpenApiDocument(src.source, config.baseDir));
    }),
  );
  const catalog = buildCatalog(config, docs);
  const configHash = createHash('sha256')
    .update(await readFile(config.file))
    .digest('hex');
  return { config, catalog, configHash };
}
