/**
 * Headers the HTTP client owns (framing, routing, connection management). A configured value
 * would override the upstream Host or corrupt the request framing, so config refuses them and the
 * OpenAPI import never exposes them as arguments.
 */
export const CLIENT_OWNED_HEADERS: ReadonlySet<string> = new Set([
  'host',
  'content-length',
  'transfer-encoding',
  'connection',
  'keep-alive',
  'upgrade',
  'te',
  'trailer',
  'expect',
  'proxy-connection',
]);
