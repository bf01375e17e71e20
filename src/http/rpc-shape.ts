import { PROTOCOL_VERSION_META_KEY, specTypeSchemas } from '@modelcontextprotocol/server';

/**
 * Shape checks of incoming JSON-RPC messages against the SDK's own spec schemas, made before the
 * SDK dispatches them: the SDK answers a schema failure of most methods with -32603 and a raw
 * schema dump; here it becomes -32602 naming the fields. Runs after the depth limit, so the
 * (recursive) schema validation only ever sees bounded input.
 */

type SpecName = keyof typeof specTypeSchemas;

/** The spec type of each method the gateway may receive. */
const SCHEMA_OF: Record<string, SpecName> = {
  initialize: 'InitializeRequest',
  ping: 'PingRequest',
  'tools/list': 'ListToolsRequest',
  'tools/call': 'CallToolRequest',
  'resources/list': 'ListResourcesRequest',
  'resources/templates/list': 'ListResourceTemplatesRequest',
  'resources/read': 'ReadResourceRequest',
  'resources/subscribe': 'SubscribeRequest',
  'resources/unsubscribe': 'UnsubscribeRequest',
  'prompts/list': 'ListPromptsRequest',
  'prompts/get': 'GetPromptRequest',
  'completion/complete': 'CompleteRequest',
  'logging/setLevel': 'SetLevelRequest',
  'subscriptions/listen': 'SubscriptionsListenRequest',
  'server/discover': 'DiscoverRequest',
  'tasks/get': 'GetTaskRequest',
  'tasks/result': 'GetTaskPayloadRequest',
  'tasks/list': 'ListTasksRequest',
  'tasks/cancel': 'CancelTaskRequest',
  'notifications/initialized': 'InitializedNotification',
  'notifications/cancelled': 'CancelledNotification',
  'notifications/progress': 'ProgressNotification',
  'notifications/roots/list_changed': 'RootsListChangedNotification',
};

const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * Methods 2026-07-28 removed: a request that claims that revision (the `_meta` envelope) and names
 * one of them is left to the SDK, which answers 404 -32601 as the revision requires.
 */
const REMOVED_IN_2026 = new Set([
  'initialize',
  'logging/setLevel',
  'resources/subscribe',
  'resources/unsubscribe',
  'notifications/initialized',
]);

function claimsModernRevision(params: unknown): boolean {
  return isObject(params) && isObject(params._meta) && Object.hasOwn(params._meta, PROTOCOL_VERSION_META_KEY);
}

/**
 * True for method names that are properties of every object (`__proto__`, `constructor`,
 * `toString`, …): a handler-table lookup would find them, so they are refused up front.
 */
export function isPrototypeMethod(body: unknown): boolean {
  return isObject(body) && typeof body.method === 'string' && body.method in Object.prototype;
}

/** What is wrong with a known method's params (at most three fields named), or undefined. */
export function invalidParams(body: unknown): string | undefined {
  if (!isObject(body) || typeof body.method !== 'string') return undefined;
  const name = Object.hasOwn(SCHEMA_OF, body.method) ? SCHEMA_OF[body.method] : undefined;
  if (name === undefined) return undefined;
  if (REMOVED_IN_2026.has(body.method) && claimsModernRevision(body.params)) return undefined;
  const message =
    body.params === undefined ? { method: body.method } : { method: body.method, params: body.params };
  const res = specTypeSchemas[name]['~standard'].validate(message);
  if (res instanceof Promise || res.issues === undefined) return undefined;
  return res.issues
    .slice(0, 3)
    .map((i) => {
      const path = (i.path ?? []).map((p) => String(typeof p === 'object' ? p.key : p)).join('.');
      return path === '' ? i.message : `${path}: ${i.message}`;
    })
    .join('; ');
}
