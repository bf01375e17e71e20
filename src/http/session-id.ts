import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import {
  decodeRelayCapabilities,
  encodeRelayCapabilities,
  inputStateKey,
  type RelayCapabilities,
} from '../mcp/index.js';

/** What a verified session id says. */
export interface SessionFacts {
  /** What the client declared in initialize (sessions issued before Portico recorded it: none). */
  capabilities?: RelayCapabilities;
}

/** Self-contained, signed session ids: any replica holding the secret can verify one. */
export interface SessionIds {
  /** A new session id, recording the client's relay capabilities when given. */
  issue(capabilities?: RelayCapabilities): string;
  verify(id: string): boolean;
  /** The facts of a valid id; undefined when it is forged, malformed or expired. */
  read(id: string): SessionFacts | undefined;
  /** The key of input-required `requestState`s, derived from the same secret (every replica has it). */
  stateKey: Buffer;
}

/** Sessions older than this are refused (the client re-initializes). */
const MAX_AGE_MS = 7 * 24 * 3600 * 1000;

/**
 * HMAC-SHA256 signed ids `v2.<issued-at base36>.<nonce>.<capability flags>.<signature>` (and the
 * older `v1.<issued-at>.<nonce>.<signature>`). No server-side state: a 2025-11-25 client gets one
 * on `initialize` so it may open the GET notification stream and receive relayed requests, yet
 * every replica answers every request.
 */
export function createSessionIds(secret: Buffer, now: () => number = Date.now): SessionIds {
  const sign = (payload: string) => createHmac('sha256', secret).update(payload).digest('base64url');
  const read = (id: string): SessionFacts | undefined => {
    const cut = id.lastIndexOf('.');
    if (cut < 0 || id.length > 200) return undefined;
    const payload = id.slice(0, cut);
    const parts = payload.split('.');
    const shapeOk = (parts[0] === 'v1' && parts.length === 3) || (parts[0] === 'v2' && parts.length === 4);
    if (!shapeOk) return undefined;
    const given = Buffer.from(id.slice(cut + 1));
    const expected = Buffer.from(sign(payload));
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
    const issued = Number.parseInt(parts[1]!, 36);
    if (!Number.isFinite(issued) || now() - issued >= MAX_AGE_MS) return undefined;
    if (parts[0] === 'v1') return {};
    const capabilities = decodeRelayCapabilities(parts[3]!);
    return capabilities === undefined ? undefined : { capabilities };
  };
  return {
    issue(capabilities) {
      const base = `${now().toString(36)}.${randomBytes(12).toString('base64url')}`;
      const payload =
        capabilities === undefined ? `v1.${base}` : `v2.${base}.${encodeRelayCapabilities(capabilities)}`;
      return `${payload}.${sign(payload)}`;
    },
    verify: (id) => read(id) !== undefined,
    read,
    stateKey: inputStateKey(secret),
  };
}
