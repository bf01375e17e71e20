import {
  type ClientCapabilities,
  type InputRequiredResult,
  MissingRequiredClientCapabilityError,
  type ServerContext,
} from '@modelcontextprotocol/server';
import { PorticoError, UpstreamInputRequired } from '../errors/index.js';
import type { RelayedRequest, RelayToClient, UpstreamInput } from '../gateway/index.js';
import { relayCapabilitiesOf } from './client-capabilities.js';
import type { BridgedRequest, InputBridge } from './input-bridge.js';
import { capabilitiesOf, missingCapabilityError } from './input-requests.js';
import type { PassThroughState } from './input-state.js';

/** A request of a 2026-07-28 caller: through the bridge, or passed through to a 2026-07-28 server. */
export interface ModernRequest<T, R> extends Omit<BridgedRequest<T, R>, 'run'> {
  /**
   * Run the upstream request: `relay` for a 2025-11-25 server's requests (none on a retry of a
   * passed-through request), `input` the caller's side for a 2026-07-28 server.
   */
  run(
    relay: RelayToClient | undefined,
    signal: AbortSignal,
    current: () => ServerContext | undefined,
    input: UpstreamInput,
  ): Promise<T>;
}

const isPassThroughState = (state: unknown): state is PassThroughState =>
  (state as { kind?: unknown } | undefined)?.kind === 'pass_through';

/**
 * The caller's declared capabilities, as far as Portico passes them on (sampling, with tools;
 * form/URL elicitation; roots, without `listChanged`): what the server may ask it for.
 */
export function upstreamCapabilities(declared: unknown): ClientCapabilities {
  const caps = relayCapabilitiesOf(declared);
  const elicitation = {
    ...(caps.elicitationForm ? { form: {} } : {}),
    ...(caps.elicitationUrl ? { url: {} } : {}),
  };
  return {
    ...(caps.sampling ? { sampling: caps.samplingTools ? { tools: {} } : {} } : {}),
    ...(Object.keys(elicitation).length > 0 ? { elicitation } : {}),
    ...(caps.roots ? { roots: {} } : {}),
  };
}

/**
 * Serve a tools/call, prompts/get or resources/read of a 2026-07-28 caller. A 2026-07-28 server's
 * input-required result is passed through: the caller gets the server's own `inputRequests` (its
 * keys) and a `requestState` that wraps, signed for the caller, the server, tenant, request and the
 * server's own state; its retry (any replica) is sent to the server with the caller's
 * `inputResponses` as they are. Everything else goes through the input bridge (a 2025-11-25
 * server's requests, suspended here until the retry).
 */
export async function serveModern<T, R>(
  bridge: InputBridge,
  req: ModernRequest<T, R>,
): Promise<R | InputRequiredResult> {
  const { hctx } = req;
  const state = hctx.mcpReq.requestState<unknown>();
  const responses = hctx.mcpReq.inputResponses;
  const input: UpstreamInput = {
    capabilities: upstreamCapabilities(capabilitiesOf(hctx)),
    ...(responses !== undefined ? { inputResponses: responses as Record<string, unknown> } : {}),
  };
  try {
    if (!isPassThroughState(state)) {
      return await bridge.serve({
        ...req,
        run: (relay, signal, current) => req.run(relay, signal, current, input),
      });
    }
    checkRetry(state, req);
    const value = await req.run(undefined, hctx.mcpReq.signal, () => hctx, {
      ...input,
      server: state.server,
      ...(state.upstream !== undefined ? { requestState: state.upstream } : {}),
    });
    return req.finish(value, hctx);
  } catch (err) {
    if (!(err instanceof UpstreamInputRequired)) throw err;
    return passOn(bridge, err, req);
  }
}

/** A retry must name what the request that returned its state named. */
function checkRetry(state: PassThroughState, req: ModernRequest<unknown, unknown>): void {
  const method = req.hctx.mcpReq.method;
  if (state.tenant === req.tenant && state.method === method && state.subject === req.subject) return;
  throw new PorticoError(
    'request_state_expired',
    `This requestState belongs to ${state.method} "${state.subject}", not ${method} "${req.subject}": retry the request that returned it, with the same name.`,
    { reason: 'other_request' },
  );
}

/** The server's answer for the caller: its input-required result (wrapped state), or `-32021`. */
function passOn(
  bridge: InputBridge,
  err: UpstreamInputRequired,
  req: ModernRequest<unknown, unknown>,
): InputRequiredResult {
  const { answer } = err;
  if (answer.kind === 'missing_capability') {
    throw new MissingRequiredClientCapabilityError(
      answer.data as ConstructorParameters<typeof MissingRequiredClientCapabilityError>[0],
      answer.message,
    );
  }
  const { inputRequests, requestState } = answer.result;
  // The server saw the caller's capabilities; Portico holds it to them all the same.
  const missing = missingCapabilityError(
    Object.values(inputRequests) as RelayedRequest[],
    capabilitiesOf(req.hctx),
  );
  if (missing !== undefined) throw missing;
  return {
    resultType: 'input_required',
    inputRequests: inputRequests as InputRequiredResult['inputRequests'],
    requestState: bridge.passThrough.mint(
      {
        kind: 'pass_through',
        server: err.server,
        tenant: req.tenant,
        method: req.hctx.mcpReq.method,
        subject: req.subject,
        ...(requestState !== undefined ? { upstream: requestState } : {}),
      },
      req.owner,
    ),
  };
}
