/**
 * What tests of input-required (multi-round-trip) exchanges share: the answers a caller gives
 * (`elicited`, `sampled`), the JSON-RPC error a failed round rejects with (`failure`), and the
 * input-required result a round must be (`inputRequired`).
 */
import { expect } from 'vitest';

/** An input-required result as the caller receives it. */
export interface InputRequired {
  resultType: 'input_required';
  inputRequests: Record<string, { method: string; params: Record<string, unknown> }>;
  requestState: string;
}

/** A JSON-RPC error as the SDK client rejects with it. */
export type RpcError = { code?: number; message?: string; data?: Record<string, unknown> };

/** An accepted form elicitation with `content`. */
export const elicited = (content: Record<string, string | number | boolean>) => ({
  action: 'accept' as const,
  content,
});

/** A sampling result answering `text`. */
export const sampled = (text: string) => ({
  model: 'host-model',
  role: 'assistant',
  content: { type: 'text', text },
  stopReason: 'endTurn',
});

/** The error `p` rejects with, or undefined when it resolves. */
export const failure = (p: Promise<unknown>): Promise<RpcError | undefined> =>
  p.then(
    () => undefined,
    (e: unknown) => e as RpcError,
  );

/** `o`, checked to be an input-required result. */
export function inputRequired(o: { resultType?: string }): InputRequired {
  expect(o.resultType).toBe('input_required');
  return o as InputRequired;
}
