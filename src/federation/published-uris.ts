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

/**
 * A content block with the resource it names published: a `resource_link`'s `uri` and an embedded
 * `resource`'s `resource.uri`, so the client can `resources/read` (or subscribe to) it through
 * Portico. Other blocks are returned as they are.
 */
export function withPublishedContentUri<T>(block: T, publish: (uri: string) => string): T {
  if (!isObject(block)) return block;
  if (block.type === 'resource_link' && typeof block.uri === 'string') {
    return { ...block, uri: publish(block.uri) } as T;
  }
  const resource = block.resource;
  if (block.type === 'resource' && isObject(resource) && typeof resource.uri === 'string') {
    return { ...block, resource: { ...resource, uri: publish(resource.uri) } } as T;
  }
  return block;
}

/**
 * A tool result with the resources it names published: its `_meta` UI resource (see
 * {@link publishedUiMeta}) and its resource links and embedded resources (see
 * {@link withPublishedContentUri}). `structuredContent` is the tool's own data and is kept.
 */
export function withPublishedUris(result: CallToolResult, publish: (uri: string) => string): CallToolResult {
  let out = result;
  if (Array.isArray(result.content)) {
    out = { ...out, content: result.content.map((b) => withPublishedContentUri(b, publish)) };
  }
  return isObject(result._meta) ? { ...out, _meta: publishedUiMeta(result._meta, publish) } : out;
}
