import type { CallToolResult } from '@modelcontextprotocol/client';
import { namespacedUri } from './namespace.js';

/** The MCP Apps key naming a tool's UI resource before `_meta.ui.resourceUri` (still sent by servers). */
const LEGACY_UI_KEY = 'ui/resourceUri';

const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * A `_meta` with the MCP Apps UI resource (`ui.resourceUri`, and the older `ui/resourceUri`)
 * namespaced as Portico publishes the server's resources, so a client can `resources/read` it
 * through Portico. Everything else is kept as it is.
 */
export function namespacedUiMeta(meta: Record<string, unknown>, server: string): Record<string, unknown> {
  let out = meta;
  const ui = meta.ui;
  if (isObject(ui) && typeof ui.resourceUri === 'string') {
    out = { ...out, ui: { ...ui, resourceUri: namespacedUri(server, ui.resourceUri) } };
  }
  const legacy = meta[LEGACY_UI_KEY];
  if (typeof legacy === 'string') out = { ...out, [LEGACY_UI_KEY]: namespacedUri(server, legacy) };
  return out;
}

/** A tool result of `server` with its `_meta` UI resource namespaced (see {@link namespacedUiMeta}). */
export function withNamespacedUi(result: CallToolResult, server: string): CallToolResult {
  return isObject(result._meta) ? { ...result, _meta: namespacedUiMeta(result._meta, server) } : result;
}
