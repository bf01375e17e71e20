import { randomBytes, randomUUID } from 'node:crypto';
import { type InputRequiredResult, ProtocolError, type ServerContext } from '@modelcontextprotocol/server';
import { PorticoError } from '../errors/index.js';
import type { RelayToClient } from '../gateway/index.js';
import { errorParts, type ReplicaChannel, type ResumeAnswer, type ResumeBody } from './input-replicas.js';
import {
  capabilitiesOf,
  missingCapabilityError,
  refusedToServer,
  withoutProgressToken,
} from './input-requests.js';
import {
  createInputStateCodec,
  createPassThroughCodec,
  type InputStateCodec,
  type InputStatePayload,
  isPassThroughWrapper,
  type PassThroughCodec,
  type PassThroughState,
} from './input-state.js';
import { type Ending, SuspendedCall } from './suspended-call.js';

/** Suspended calls one tenant may hold at once. */
export const DEFAULT_MAX_SUSPENDED_PER_TENANT = 100;
/** Time limit of a suspended call whose server request named none (not a federated call). */
const DEFAULT_TIME_LIMIT_MS = 60_000;
/** How much longer than the call's time limit a replica waits for the one holding the call. */
const FORWARD_GRACE_MS = 5_000;

export type { ReplicaChannel } from './input-replicas.js';

export interface InputBridgeOptions {
  /** HMAC key of `requestState` (derive it from the session secret so every replica verifies). */
  key?: Buffer;
  /** Suspended calls per tenant (default {@link DEFAULT_MAX_SUSPENDED_PER_TENANT}). */
  maxPerTenant?: number;
  /** Requests to other replicas (the cluster's Redis): a retry is handed to the one holding its call. */
  replicas?: ReplicaChannel;
}

/** The next event of a suspended call, for the request serving it. */
type Step<T> = { ending: Ending<T> } | { input: InputRequiredResult };

/** One request of a 2026-07-28 caller that the bridge serves. */
export interface BridgedRequest<T, R> {
  /** The caller's identity (tenant and credential): only it may resume the call. */
  owner: string;
  tenant: string;
  /** What the request names (tool, prompt, resource URI): a retry must name the same. */
  subject: string;
  hctx: ServerContext;
  /**
   * Start the upstream request with the relay of its server requests and the signal that cancels
   * it; `current()` is the context of the caller's request being served now, if any (for progress
   * and log messages).
   */
  run(relay: RelayToClient, signal: AbortSignal, current: () => ServerContext | undefined): Promise<T>;
  /** The response to the caller once the upstream request ended well. */
  finish(value: T, hctx: ServerContext): R;
}

interface Held {
  call: SuspendedCall<unknown>;
  method: string;
  subject: string;
  timer: NodeJS.Timeout;
  /** The caller's request served now (progress, log messages), when served on this replica. */
  current?: ServerContext;
  /** A request of the caller waits for the call's next event (here or through another replica). */
  attached: boolean;
  timeoutMs?: number;
  /** When its time limit ends (epoch ms), once held. */
  deadline?: number;
}

/**
 * The bridge between a federated server's sampling/elicitation/roots requests and a 2026-07-28
 * caller, which has no server → client requests: Portico answers the caller's request with an
 * input-required result (the server's requests under keys Portico assigns, and a signed
 * `requestState`) while the upstream request keeps running, suspended here; the caller's retry
 * (`inputResponses` + `requestState`) hands each answer to the waiting server request and waits
 * for the upstream's next event — its result, or more requests (another round).
 *
 * In-process: a retry must reach the replica holding the call; another replica answers
 * `request_state_expired` naming that. A suspended call lives at most its server's time limit
 * (`timeout_ms`), then its upstream request is cancelled.
 */
export class InputBridge {
  /** This instance, named in every state it mints (a retry elsewhere is told so). */
  readonly instance = randomUUID();
  private readonly codec: InputStateCodec;
  /** Wraps a 2026-07-28 server's own state (its input-required results passed through). */
  readonly passThrough: PassThroughCodec;
  private readonly held = new Map<string, Held>();
  private readonly perTenant = new Map<string, number>();
  private readonly maxPerTenant: number;
  private readonly replicas: ReplicaChannel | undefined;
  private readonly stopServing: () => void;

  constructor(opts: InputBridgeOptions = {}) {
    const key = opts.key ?? randomBytes(32);
    this.codec = createInputStateCodec(key);
    this.passThrough = createPassThroughCodec(key);
    this.maxPerTenant = opts.maxPerTenant ?? DEFAULT_MAX_SUSPENDED_PER_TENANT;
    this.replicas = opts.replicas;
    this.stopServing =
      this.replicas?.serve(this.instance, (body) => this.serveForReplica(body)) ?? (() => {});
  }

  /** Stop answering other replicas and cancel every suspended call. */
  close(): void {
    this.stopServing();
    for (const held of [...this.held.values()]) this.drop(held, new Error('Portico is shutting down'));
  }

  /**
   * `ServerOptions.requestState.verify`: the payload of a state minted for `owner` (a suspended
   * call's, or a pass-through wrapper), else throws.
   */
  verify(state: string, owner: string): InputStatePayload | PassThroughState {
    return isPassThroughWrapper(state)
      ? this.passThrough.verify(state, owner)
      : this.codec.verify(state, owner);
  }

  /** Calls suspended now. */
  size(): number {
    return this.held.size;
  }

  /**
   * Serve one tools/call, prompts/get or resources/read of a 2026-07-28 caller: a first request
   * starts the upstream request, a retry (with a verified `requestState`) resumes it. Answers with
   * the result, or with an input-required result while the upstream waits for the caller.
   */
  async serve<T, R>(req: BridgedRequest<T, R>): Promise<R | InputRequiredResult> {
    const { hctx } = req;
    const state = hctx.mcpReq.requestState<InputStatePayload>();
    if (state !== undefined && state.instance !== this.instance && this.replicas !== undefined) {
      return this.forward(state, req);
    }
    let held: Held;
    if (state === undefined) {
      const call = new SuspendedCall<unknown>(randomUUID(), req.owner, req.tenant);
      held = {
        call,
        method: hctx.mcpReq.method,
        subject: req.subject,
        timer: undefined as unknown as NodeJS.Timeout,
        attached: true,
      };
      const relay: RelayToClient = (request, signal, callTimeoutMs) => {
        held.timeoutMs ??= callTimeoutMs;
        const refused = refusedToServer(request, capabilitiesOf(held.current ?? hctx));
        if (refused !== undefined) return Promise.reject(refused);
        return call.ask(request, signal);
      };
      relay.parked = () => !held.attached;
      held.current = hctx;
      call.start(req.run(relay, call.upstream.signal, () => held.current));
    } else {
      held = this.resume(state, req.owner, hctx.mcpReq.method, req.subject);
      held.call.answer(hctx.mcpReq.inputResponses);
    }
    held.current = hctx;
    const step = await this.step(held, hctx.mcpReq.signal, capabilitiesOf(hctx));
    if ('input' in step) return step.input;
    if (!step.ending.ok) throw step.ending.error;
    return req.finish(step.ending.value as T, hctx);
  }

  /** Wait for the call's next event: its end, or requests for the caller (→ an input-required result). */
  private async step(held: Held, signal: AbortSignal, capabilities: unknown): Promise<Step<unknown>> {
    const { call } = held;
    call.busy = true;
    held.attached = true;
    const gone = () =>
      this.drop(held, new Error('the client went away while Portico waited for the upstream'));
    signal.addEventListener('abort', gone, { once: true });
    try {
      await call.next(signal);
    } finally {
      signal.removeEventListener('abort', gone);
      call.busy = false;
      held.attached = false;
      held.current = undefined;
    }
    const ending = call.ended();
    if (ending !== undefined) {
      this.forget(held);
      return { ending };
    }
    return { input: this.inputRequired(held, capabilities) };
  }

  /** A retry whose call another replica holds: hand it there over the cluster and relay the answer. */
  private async forward<T, R>(
    state: InputStatePayload,
    req: BridgedRequest<T, R>,
  ): Promise<R | InputRequiredResult> {
    const { hctx } = req;
    const body: ResumeBody = {
      state,
      owner: req.owner,
      method: hctx.mcpReq.method,
      subject: req.subject,
      ...(hctx.mcpReq.inputResponses !== undefined ? { inputResponses: hctx.mcpReq.inputResponses } : {}),
      capabilities: capabilitiesOf(hctx),
    };
    // The holder answers by the call's time limit at the latest (a little later for clock skew).
    const bound = AbortSignal.timeout(Math.max(0, state.deadline - Date.now()) + FORWARD_GRACE_MS);
    let answer: ResumeAnswer;
    try {
      answer = (await this.replicas!.request(
        state.instance,
        body,
        AbortSignal.any([hctx.mcpReq.signal, bound]),
      )) as ResumeAnswer;
    } catch (err) {
      if (hctx.mcpReq.signal.aborted) throw err;
      throw new PorticoError(
        'request_state_expired',
        `This requestState belongs to a request suspended on another Portico replica, which did not take the retry (${err instanceof Error ? err.message : String(err)}): it stopped or restarted, and the upstream request waiting for this input ended with it. Send the ${hctx.mcpReq.method} request again without requestState and inputResponses to start over.`,
        { reason: 'other_replica' },
      );
    }
    if (answer.kind === 'input_required') return answer.result;
    if (answer.kind === 'error') throw new ProtocolError(answer.code, answer.message, answer.data);
    return req.finish(answer.value as T, hctx);
  }

  /** Serve a retry another replica handed over (the call is held here). */
  private async serveForReplica(raw: unknown): Promise<ResumeAnswer> {
    const body = raw as ResumeBody;
    try {
      const held = this.resume(body.state, body.owner, body.method, body.subject);
      held.call.answer(body.inputResponses);
      // Bounded by the call's time limit, which ends the wait (its timer cancels the upstream).
      const step = await this.step(held, new AbortController().signal, body.capabilities);
      if ('input' in step) return { kind: 'input_required', result: step.input };
      if (step.ending.ok) return { kind: 'value', value: step.ending.value };
      throw step.ending.error;
    } catch (err) {
      return { kind: 'error', ...errorParts(err) };
    }
  }

  /** Ask the caller for what the upstream waits for, or refuse when it did not declare it. */
  private inputRequired(held: Held, capabilities: unknown): InputRequiredResult {
    const { call } = held;
    const pending = call.pending();
    const missing = missingCapabilityError(pending.values(), capabilities, '; Portico cancelled the request');
    if (missing !== undefined) {
      this.drop(held, new Error('the client did not declare a capability the server needs'));
      throw missing;
    }
    this.hold(held);
    call.round++;
    const inputRequests = Object.fromEntries(
      [...pending].map(([key, r]) => [key, { method: r.method, params: withoutProgressToken(r.params) }]),
    );
    return {
      resultType: 'input_required',
      inputRequests: inputRequests as InputRequiredResult['inputRequests'],
      requestState: this.codec.mint(
        { instance: this.instance, call: call.id, round: call.round, deadline: held.deadline ?? Date.now() },
        call.owner,
      ),
    };
  }

  private resume(state: InputStatePayload, owner: string, method: string, subject: string): Held {
    const again = `Send the ${method} request again without requestState and inputResponses to start over.`;
    if (state.instance !== this.instance) {
      throw new PorticoError(
        'request_state_expired',
        `This requestState belongs to a request suspended on another Portico replica (or before a restart), which holds the upstream request waiting for this input; this replica cannot resume it. Route retries to the replica that answered input_required (session affinity), or: ${again}`,
        { reason: 'other_replica' },
      );
    }
    const held = this.held.get(state.call);
    if (held === undefined || held.call.owner !== owner) {
      throw new PorticoError(
        'request_state_expired',
        `The request this requestState names is no longer suspended: its result was already returned, it was cancelled, or its time limit (the MCP server's timeout_ms) passed. ${again}`,
        { reason: 'expired' },
      );
    }
    if (held.method !== method || held.subject !== subject) {
      throw new PorticoError(
        'request_state_expired',
        `This requestState belongs to ${held.method} "${held.subject}", not ${method} "${subject}": retry the request that returned it, with the same name.`,
        { reason: 'other_request' },
      );
    }
    if (held.call.round !== state.round || held.call.busy) {
      throw new PorticoError(
        'request_state_expired',
        held.call.busy
          ? 'Another retry of this request is being served now; retry with the requestState it returns.'
          : `This requestState is from round ${state.round}; the request is at round ${held.call.round}: retry with the requestState of the latest input-required result.`,
        { reason: 'stale' },
      );
    }
    return held;
  }

  /** Keep the call for the caller's retry (first round: count it and start its time limit). */
  private hold(held: Held): void {
    if (this.held.has(held.call.id)) return;
    const { tenant } = held.call;
    const count = this.perTenant.get(tenant) ?? 0;
    if (count >= this.maxPerTenant) {
      this.drop(held, new Error('too many suspended requests'));
      throw new PorticoError(
        'suspended_calls_full',
        `This tenant already has ${count} requests waiting for client input (the most Portico keeps); Portico cancelled this one. Answer or abandon the others (they end with their time limit), then retry.`,
        { limit: this.maxPerTenant },
      );
    }
    this.perTenant.set(tenant, count + 1);
    const limitMs = held.timeoutMs ?? DEFAULT_TIME_LIMIT_MS;
    held.deadline = Date.now() + limitMs;
    held.timer = setTimeout(
      () =>
        this.drop(
          held,
          new Error(`the request's time limit (${limitMs} ms) passed while it waited for client input`),
        ),
      limitMs,
    );
    held.timer.unref();
    this.held.set(held.call.id, held);
  }

  /** Cancel the upstream request and forget the call. */
  private drop(held: Held, reason: Error): void {
    this.forget(held);
    held.call.cancel(reason);
  }

  private forget(held: Held): void {
    clearTimeout(held.timer);
    if (this.held.get(held.call.id) !== held) return;
    this.held.delete(held.call.id);
    const { tenant } = held.call;
    const count = (this.perTenant.get(tenant) ?? 1) - 1;
    if (count <= 0) this.perTenant.delete(tenant);
    else this.perTenant.set(tenant, count);
  }
}
