import type { ServerEvent } from '@modelcontextprotocol/server';

/**
 * A change event on Portico's bus: the SDK's {@link ServerEvent} plus who may receive it. The
 * extra fields travel with the event across replicas (the Redis bus sends the whole object) and
 * never reach the wire (the SDK builds notifications from `kind`, `uri` and `params` only).
 */
export type TaggedEvent = ServerEvent & {
  /** Only this tenant's streams receive it; absent: every tenant's. */
  tenant?: string;
  /** `resource_updated`: the 2025-11-25 sessions subscribed to the URI (they get it on their GET stream). */
  sessions?: string[];
};

/** The tenant an event is for (undefined: every tenant). */
export function eventTenant(event: ServerEvent): string | undefined {
  const t = (event as TaggedEvent).tenant;
  return typeof t === 'string' ? t : undefined;
}

/** Whether a stream of `tenant` may receive `event`. */
export function visibleTo(event: ServerEvent, tenant: string | undefined): boolean {
  const t = eventTenant(event);
  return t === undefined || t === tenant;
}

/** The 2025-11-25 sessions a `resource_updated` event is for. */
export function eventSessions(event: ServerEvent): readonly string[] {
  const s = (event as TaggedEvent).sessions;
  return Array.isArray(s) ? s : [];
}
