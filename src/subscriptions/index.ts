export {
  asBusEvent,
  type ClientNotificationEvent,
  clientNotificationOf,
  eventSessions,
  eventTenant,
  type TaggedEvent,
  type TaskStatusEvent,
  taskStatusEvent,
  taskStatusOf,
  visibleTo,
} from './events.js';
export {
  atLeast,
  LOG_LEVELS,
  type LogLevel,
  MAX_SESSION_LOG_LEVELS,
  SessionLogLevels,
} from './log-levels.js';
export {
  DEFAULT_SESSION_GRACE_MS,
  MAX_SUBSCRIPTIONS_PER_HOLDER,
  ResourceSubscriptions,
  type ResourceSubscriptionsDeps,
} from './resource-subscriptions.js';
export { listenTenant, TenantScopedBus } from './tenant-bus.js';
