import { PorticoError } from '../errors/index.js';
import { type Federated, resourceOwners } from './features.js';
import type { PublishedNames } from './namespace.js';
import type { EventHooks, ServerConnection } from './server-connection.js';
import type { TaskOwners } from './task-owners.js';
import type { FederationEvent } from './types.js';

/** Where one server's updates go: the hooks of its listing connection or of one tenant's instance. */
export function eventHooks(
  server: string,
  names: PublishedNames,
  emit: (event: FederationEvent) => void,
  tenant?: string,
  owners?: TaskOwners,
): EventHooks {
  const who = tenant !== undefined ? { tenant } : {};
  return {
    // A task's status goes to its tenant only: the instance's, or (shared) the one that started it here.
    onTaskStatus: (task) => {
      if (tenant !== undefined) emit({ kind: 'task_status', server, tenant, task });
      else owners?.status(server, task);
    },
    onResourceUpdated: (uri) => emit({ kind: 'resource_updated', uri: names.uri(server, uri), ...who }),
    onListChanged: (kind) =>
      emit({ kind: kind === 'resources' ? 'resources_list_changed' : 'prompts_list_changed', ...who }),
    // A tenant's instance: its tool list changes and notifications outside calls are its tenant's.
    ...(tenant !== undefined
      ? {
          onToolListChanged: () => emit({ kind: 'tools_list_changed', tenant }),
          onClientNotification: (notification) => emit({ kind: 'client_notification', tenant, notification }),
        }
      : {}),
  };
}

/**
 * `Federation.subscribe`: hold a subscription to a published resource URI (resolved by `names`)
 * on the connection that serves the caller — the tenant's instance of a `per_tenant` server,
 * leased (kept running) until released, or the shared connection.
 */
export async function subscribeResource(
  byName: ReadonlyMap<string, Federated>,
  names: PublishedNames,
  uri: string,
  tenantKey: string,
  headersFor: (entry: Federated) => Promise<Record<string, string> | undefined>,
): Promise<() => Promise<void>> {
  const resolved = names.resolveUri(uri, resourceOwners(byName, tenantKey));
  const target = { server: resolved.server, uri: resolved.name };
  const entry = byName.get(target.server);
  if (entry === undefined) throw new PorticoError('not_found', `Unknown resource "${uri}".`, { uri });
  if (!entry.lister.extras().subscribe) {
    throw new PorticoError(
      'method_not_found',
      `MCP server "${target.server}" does not offer resource subscriptions (it does not declare resources.subscribe).`,
      { uri, server: target.server },
    );
  }
  const headers = await headersFor(entry);
  const hold = (conn: ServerConnection) => conn.subscribe(target.uri, headers);
  if (entry.tenants === undefined) return hold(entry.lister);
  const lease = await entry.tenants.acquire(tenantKey);
  try {
    const release = await hold(lease.conn);
    let done = false;
    return async () => {
      if (done) return;
      done = true;
      try {
        await release();
      } finally {
        lease.release();
      }
    };
  } catch (err) {
    lease.release();
    throw err;
  }
}
