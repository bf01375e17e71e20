import { createHmac, randomBytes } from 'node:crypto';
import { openToken, sealToken } from './signed-token.js';

/** What Portico's `requestState` says: which suspended call, which round, on which instance. */
export interface InputStatePayload {
  /** The Portico instance (replica) holding the suspended call. */
  instance: string;
  /** The suspended call. */
  call: string;
  /** The input-required round this state answers (a state of an earlier round is stale). */
  round: number;
  /** When the suspended request's time limit ends (epoch ms): another replica waits no longer. */
  deadline: number;
}

/** Signs and verifies the `requestState` of input-required results. */
export interface InputStateCodec {
  /** Seal `payload` for `owner` (the caller's tenant and credential). */
  mint(payload: InputStatePayload, owner: string): string;
  /** The payload of a state minted for `owner`; throws on a forged, foreign or malformed one. */
  verify(state: string, owner: string): InputStatePayload;
}

const MAX_STATE_LENGTH = 512;

/**
 * HMAC-SHA256 `requestState`: `m1.<base64url JSON payload>.<base64url MAC>`, the MAC over the
 * payload and the owner (so a state is refused for any other tenant or credential, and the owner
 * never appears on the wire). Signed, not encrypted: the payload holds only ids. `key` is derived
 * from the secret that signs session ids, so every replica verifies every state.
 */
export function createInputStateCodec(key: Buffer = randomBytes(32)): InputStateCodec {
  const kind = { key, label: 'portico.requestState', prefix: 'm1', maxLength: MAX_STATE_LENGTH };
  return {
    mint(payload, owner) {
      const { instance: i, call: c, round: r, deadline: d } = payload;
      return sealToken(kind, { i, c, r, d }, owner);
    },
    verify(state, owner) {
      const p = openToken(kind, state, owner) as Record<string, unknown>;
      if (
        typeof p.i !== 'string' ||
        typeof p.c !== 'string' ||
        typeof p.r !== 'number' ||
        typeof p.d !== 'number'
      ) {
        throw new Error('malformed');
      }
      return { instance: p.i, call: p.c, round: p.r, deadline: p.d };
    },
  };
}

/**
 * What Portico's wrapper of a 2026-07-28 server's own `requestState` says (a passed-through
 * input-required result): everything a retry needs, so no replica holds anything.
 */
export interface PassThroughState {
  kind: 'pass_through';
  /** The federated server that asked. */
  server: string;
  tenant: string;
  /** The request method and what it named (tool, prompt, resource URI): a retry must match. */
  method: string;
  subject: string;
  /** The server's own state, echoed to it on the retry. */
  upstream?: string;
}

/** Longest wrapper accepted (the server's own state inside it included). */
const MAX_PASS_THROUGH_LENGTH = 65_536;

/** Signs and verifies {@link PassThroughState} wrappers (`p1.<payload>.<MAC>`). */
export interface PassThroughCodec {
  mint(state: PassThroughState, owner: string): string;
  /** The wrapper minted for `owner`; throws on a forged, foreign or malformed one. */
  verify(state: string, owner: string): PassThroughState;
}

/** True for a `requestState` in the pass-through wrapper's format (else the bridge's). */
export const isPassThroughWrapper = (state: string): boolean => state.startsWith('p1.');

/**
 * HMAC-SHA256 wrapper of a server's own `requestState`, with the same key as
 * {@link createInputStateCodec} under another label, the MAC over the payload and the owner.
 */
export function createPassThroughCodec(key: Buffer): PassThroughCodec {
  const kind = { key, label: 'portico.passThroughState', prefix: 'p1', maxLength: MAX_PASS_THROUGH_LENGTH };
  return {
    mint(state, owner) {
      const { server: s, tenant: t, method: m, subject: n, upstream: u } = state;
      return sealToken(kind, { s, t, m, n, u }, owner);
    },
    verify(state, owner) {
      const p = openToken(kind, state, owner) as Record<string, unknown>;
      const str = (v: unknown): v is string => typeof v === 'string';
      if (!str(p.s) || !str(p.t) || !str(p.m) || !str(p.n) || (p.u !== undefined && !str(p.u))) {
        throw new Error('malformed');
      }
      return {
        kind: 'pass_through',
        server: p.s,
        tenant: p.t,
        method: p.m,
        subject: p.n,
        ...(p.u !== undefined ? { upstream: p.u } : {}),
      };
    },
  };
}

/** The key of input-required states, derived from the session-signing secret. */
export function inputStateKey(secret: Buffer): Buffer {
  return createHmac('sha256', secret).update('portico input-required requestState').digest();
}
