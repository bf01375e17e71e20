import {
  type CallToolResult,
  PROTOCOL_VERSION_META_KEY,
  SERVER_INFO_META_KEY,
} from '@modelcontextprotocol/client';

/**
 * `_meta` keys that describe the hop between Portico and the federated server (its identity and
 * negotiated revision on 2026-07-28 results), not the tool's output: forwarding them would make
 * the remote server's envelope look like Portico's own.
 */
const HOP_META_KEYS = [SERVER_INFO_META_KEY, PROTOCOL_VERSION_META_KEY];

/** The remote result as is, minus the hop-scoped `_meta` envelope keys. */
export function forwardedResult(result: CallToolResult): CallToolResult {
  const meta = result._meta;
  if (meta === undefined || !HOP_META_KEYS.some((k) => k in meta)) return result;
  const rest: Record<string, unknown> = { ...meta };
  for (const k of HOP_META_KEYS) delete rest[k];
  const { _meta: _dropped, ...withoutMeta } = result;
  return Object.keys(rest).length > 0 ? { ...withoutMeta, _meta: rest } : withoutMeta;
}
