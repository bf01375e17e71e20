// What Portico's upstream client adds to a request passed through for a 2026-07-28 caller, against
// real SDK clients connected to the conformance fixture over HTTP (one per era).
import { CLIENT_CAPABILITIES_META_KEY, type Client } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPorticoError } from '../../src/errors/index.js';
import { passThroughParams } from '../../src/federation/pass-through.js';
import { type ConformanceFixture, startConformanceFixture } from '../fixtures/conformance-server.js';
import { connectClient } from '../support/clients.js';

describe('pass-through params of a 2026-07-28 caller', () => {
  let fixture: ConformanceFixture;
  let modern: Client;
  let legacy: Client;

  beforeAll(async () => {
    fixture = await startConformanceFixture();
    modern = await connectClient(fixture.url, 'modern');
    legacy = await connectClient(fixture.url, 'legacy');
  });
  afterAll(async () => {
    await modern?.close();
    await legacy?.close();
    await fixture?.close();
  });

  const caps = { sampling: {} };

  it("carries the caller's capabilities, inputResponses and the server's state on a 2026-07-28 connection", () => {
    expect(passThroughParams(modern, 'conformance', undefined)).toBeUndefined();
    expect(
      passThroughParams(modern, 'conformance', {
        capabilities: caps,
        inputResponses: { user_name: { action: 'decline' } },
        requestState: 'server-state',
        server: 'conformance',
      }),
    ).toEqual({
      inputResponses: { user_name: { action: 'decline' } },
      requestState: 'server-state',
      _meta: { [CLIENT_CAPABILITIES_META_KEY]: caps },
    });
  });

  it('leaves a first request on a 2025-11-25 connection to the bridge, refuses a retry there', () => {
    expect(passThroughParams(legacy, 'conformance', { capabilities: caps })).toBeUndefined();
    let err: unknown;
    try {
      passThroughParams(legacy, 'conformance', {
        capabilities: caps,
        requestState: 's',
        server: 'conformance',
      });
    } catch (e) {
      err = e;
    }
    expect(isPorticoError(err, 'request_state_expired')).toBe(true);
    expect((err as { details?: unknown }).details).toEqual({ reason: 'expired' });
  });

  it('refuses a retry whose state came from another server', () => {
    let err: unknown;
    try {
      passThroughParams(modern, 'other', { capabilities: caps, server: 'conformance' });
    } catch (e) {
      err = e;
    }
    expect(isPorticoError(err, 'request_state_expired')).toBe(true);
    expect((err as { details?: unknown }).details).toEqual({ reason: 'other_request' });
  });
});
