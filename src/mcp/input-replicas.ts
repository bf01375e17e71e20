import type { InputRequiredResult } from '@modelcontextprotocol/server';
import { ProtocolError } from '@modelcontextprotocol/server';
import { errorMapping, isPorticoError } from '../errors/index.js';
import type { InputStatePayload } from './input-state.js';

/** Requests between replicas, addressed by instance (`cluster/RedisRequests`). */
export interface ReplicaChannel {
  /** Answer requests sent to `address`; returns the function that stops serving. */
  serve(address: string, handler: (body: unknown) => Promise<unknown>): () => void;
  /** Send `body` to the replica serving `address`; rejects when none does (or at `signal`). */
  request(address: string, body: unknown, signal: AbortSignal): Promise<unknown>;
}

/** A retry handed to the replica holding its suspended call. */
export interface ResumeBody {
  state: InputStatePayload;
  owner: string;
  method: string;
  subject: string;
  inputResponses?: Record<string, unknown>;
  capabilities?: unknown;
}

/** What that replica answers. */
export type ResumeAnswer =
  | { kind: 'value'; value: unknown }
  | { kind: 'input_required'; result: InputRequiredResult }
  | { kind: 'error'; code: number; message: string; data?: unknown };

/** An error as JSON-RPC parts, to cross to another replica. */
export function errorParts(err: unknown): { code: number; message: string; data?: unknown } {
  if (err instanceof ProtocolError) return { code: err.code, message: err.message, data: err.data };
  if (isPorticoError(err)) {
    return {
      code: errorMapping(err.code).jsonrpc,
      message: err.message,
      data: { code: err.code, ...err.details },
    };
  }
  return { code: -32603, message: err instanceof Error ? err.message : String(err) };
}
