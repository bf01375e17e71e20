import type { Principal } from '../../auth/types.js';
import { errorMapping } from '../../errors/index.js';
import type { ResourceSubscriptions } from '../../subscriptions/index.js';

/** The `resourceSubscriptions` a `subscriptions/listen` request asks for (strings only). */
function listenUris(body: unknown): string[] {
  const n = (body as { params?: { notifications?: { resourceSubscriptions?: unknown } } }).params
    ?.notifications?.resourceSubscriptions;
  return Array.isArray(n) ? n.filter((u): u is string => typeof u === 'string') : [];
}

/** The listen request with only the URIs Portico could subscribe to (what its ack then reports). */
function withListenUris(body: unknown, uris: string[]): unknown {
  const b = body as { params: { notifications: Record<string, unknown> } };
  const notifications = { ...b.params.notifications };
  if (uris.length > 0) notifications.resourceSubscriptions = uris;
  else delete notifications.resourceSubscriptions;
  return { ...b, params: { ...b.params, notifications } };
}

/** A listen request's upstream subscriptions, held until `release` (when its stream ends). */
export type HeldListen =
  | { body: unknown; release: () => void }
  | { error: { code: number; message: string } };

/**
 * Hold the upstream resource subscriptions a `subscriptions/listen` request names: the request
 * passed on names only the URIs held; a refusal becomes the JSON-RPC error to answer with.
 */
export async function holdListenSubscriptions(
  subscriptions: ResourceSubscriptions | undefined,
  caller: Principal,
  body: unknown,
): Promise<HeldListen> {
  const asked = listenUris(body);
  if (subscriptions === undefined || asked.length === 0) return { body, release: () => {} };
  try {
    const held = await subscriptions.holdForListen(caller, asked);
    return { body: withListenUris(body, held.held), release: held.release };
  } catch (err) {
    const e = err as { code?: string; message?: string };
    const code = e.code === 'invalid_request' ? 'invalid_request' : 'internal';
    return { error: { code: errorMapping(code).jsonrpc, message: e.message ?? 'subscription failed' } };
  }
}
