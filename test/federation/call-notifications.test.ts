// Which running call gets a federated server's log message or elicitation completion.
import { describe, expect, it } from 'vitest';
import { CallNotifications } from '../../src/federation/call-notifications.js';
import type { FederatedClientNotification } from '../../src/federation/types.js';

const msg: FederatedClientNotification = {
  method: 'notifications/message',
  params: { level: 'info', data: 'x' },
};
const done: FederatedClientNotification = {
  method: 'notifications/elicitation/complete',
  params: { elicitationId: 'e1' },
};

describe('CallNotifications', () => {
  it('shared connection: only the one running call gets it; none or several → dropped, reported once per connection', () => {
    const dropped: Array<{ method: string; running: number }> = [];
    const n = new CallNotifications({ onDropped: (d) => dropped.push(d) });
    n.route(msg);
    const a: unknown[] = [];
    const b: unknown[] = [];
    const endA = n.add({ onLog: (m) => a.push(m), onElicitationComplete: (p) => a.push(p) });
    n.route(msg);
    n.route(done);
    expect(a).toEqual([msg.params, done.params]);
    const endB = n.add({ onLog: (m) => b.push(m) });
    n.route(msg);
    expect(a).toHaveLength(2);
    expect(b).toEqual([]);
    expect(dropped).toEqual([{ method: 'notifications/message', running: 0 }]);
    n.reset();
    n.route(msg);
    expect(dropped).toEqual([
      { method: 'notifications/message', running: 0 },
      { method: 'notifications/message', running: 2 },
    ]);
    endA();
    endB();
  });

  it('tenant instance: every running call that can carry it; with none, the tenant’s streams (onIdle)', () => {
    const idle: FederatedClientNotification[] = [];
    const n = new CallNotifications({
      tenant: 'acme',
      onIdle: (x) => idle.push(x),
      onDropped: () => undefined,
    });
    const a: unknown[] = [];
    const b: unknown[] = [];
    n.add({ onLog: (m) => a.push(m) });
    n.add({ onLog: (m) => b.push(m) });
    n.route(msg);
    expect([a, b]).toEqual([[msg.params], [msg.params]]);
    // No running call takes completions: they go to the tenant's streams.
    n.route(done);
    expect(idle).toEqual([done]);
  });
});
