import { AsyncLocalStorage } from 'node:async_hooks';
import type { ServerEvent, ServerEventBus } from '@modelcontextprotocol/server';
import { clientNotificationOf, taskStatusOf, visibleTo } from './events.js';

/**
 * The tenant of the `subscriptions/listen` request being served: set around the SDK handler, read
 * when the SDK's listen router subscribes its stream to the bus.
 */
export const listenTenant = new AsyncLocalStorage<string>();

/**
 * The bus the SDK's `subscriptions/listen` streams subscribe to: each stream only receives events
 * for every tenant or for the tenant of its request ({@link listenTenant}); a stream opened outside
 * a request's context receives only events for every tenant. Portico-only events (notifications
 * for 2025-11-25 GET streams) never reach them.
 */
export class TenantScopedBus implements ServerEventBus {
  constructor(private readonly inner: ServerEventBus) {}

  publish(event: ServerEvent): void {
    this.inner.publish(event);
  }

  subscribe(listener: (event: ServerEvent) => void): () => void {
    const tenant = listenTenant.getStore();
    return this.inner.subscribe((event) => {
      // Portico-only events (log messages outside calls, task statuses) are for 2025-11-25 GET
      // streams: 2026-07-28 listen streams never carry them.
      if (
        visibleTo(event, tenant) &&
        clientNotificationOf(event) === undefined &&
        taskStatusOf(event) === undefined
      )
        listener(event);
    });
  }
}
