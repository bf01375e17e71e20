export {
  eventSessions,
  eventTenant,
  type TaggedEvent,
  type TaskStatusEvent,
  taskStatusEvent,
  taskStatusOf,
  visibleTo,
} from './events.js';
export {
  DEFAULT_SESSION_GRACE_MS,
  MAX_SUBSCRIPTIONS_PER_HOLDER,
  ResourceSubscriptions,
  type ResourceSubscriptionsDeps,
} from './resource-subscriptions.js';
export { listenTenant, TenantScopedBus } from './tenant-bus.js';
