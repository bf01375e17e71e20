import type { Transport } from '@modelcontextprotocol/client';

/**
 * Work around modelcontextprotocol/typescript-sdk#2580 (open in SDK 2.4.0): the client dispatches
 * notifications one microtask late but responses at once, so when a server's last
 * `notifications/progress` and its result arrive in the same read, the response retires the
 * progress handler first and that progress is lost. Delaying each response by one microtask
 * (queued after the notifications read before it) restores wire order. Call after `connect()`,
 * which installs the handler being wrapped.
 */
export function deliverNotificationsBeforeResponses(transport: Transport): void {
  const deliver = transport.onmessage;
  if (deliver === undefined) return;
  transport.onmessage = (message, extra) => {
    if ('id' in message && !('method' in message)) queueMicrotask(() => deliver(message, extra));
    else deliver(message, extra);
  };
}
