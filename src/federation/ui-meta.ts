import type { CallToolResult } from '@modelcontextprotocol/client';

/** The MCP Apps key naming a tool's UI resource before `_meta.ui.resourceUri` (still sent by servers). */
const LEGACY_UI_KEY = 'ui/resourceUri';

const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * A `_meta` with the MCP Apps UI resource (`ui.resourceUri`, and the older `ui/resourceUri`)
 * published by `publish` as Portico publishes the server's resources, so a client can
 * `resources/read` it through Portico. Everything else is kept as it is.
 */
export function publishedUiMeta(
  meta: Record<string, unknown>,
  publish: (uri: string) => string,
): Record<string, unknown> {
  let out = meta;
  const ui = meta.ui;
  if (isObject(ui) && typeof ui.resourceUri === 'string') {
    out = { ...out, ui: { ...ui, resourceUri: publish(ui.resourceUri) } };
  }
  const legacy = meta[LEGACY_UI_KEY];
  if (typeof legacy === 'string') out = { ...out, [LEGACY_UI_KEY]: publish(legacy) };
  return out;
}

/** A tool result with its `_meta` UI resource published (see {@link publishedUiMeta}). */
export function withPublishedUi(result: CallToolResult, publish: (uri: string) => string): CallToolResult {
  return isObject(result._meta) ? { ...result, _meta: publishedUiMeta(result._meta, publish) } : result;
}
