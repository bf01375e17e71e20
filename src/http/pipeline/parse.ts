import { readRequestBody } from '@modelcontextprotocol/server';
import { createMiddleware } from 'hono/factory';
import { errorMapping } from '../../errors/index.js';
import { parseBoundedJson } from '../../json/index.js';
import { acceptsMcp, isJsonMediaType } from '../guards.js';
import { jsonRpcErrorResponse } from '../jsonrpc-error.js';
import { invalidParams, isPrototypeMethod } from '../rpc-shape.js';
import type { EdgeEnv, RpcRequest } from './env.js';
import { deliverRelayAnswer, type RelayAnswers } from './relay-answer.js';

/** Limits of the bodies {@link parseJsonRpc} reads. */
export interface BodyLimits {
  /** Largest body in bytes (`server.max_body_bytes`). */
  maxBody: number;
  /** Deepest JSON nesting (`server.max_json_depth`). */
  maxJsonDepth: number;
  /** Client answers to relayed server requests (2025-11-25 sessions). */
  relayAnswers?: RelayAnswers;
}

/** 406 unless Accept lists both JSON and SSE; 415 unless the body is JSON. */
export const checkMediaTypes = createMiddleware<EdgeEnv>(async (c, next) => {
  if (!acceptsMcp(c.req.header('accept'))) {
    return jsonRpcErrorResponse(
      c,
      'not_acceptable',
      'Not Acceptable: the Accept header must list both application/json and text/event-stream.',
    );
  }
  if (!isJsonMediaType(c.req.header('content-type'))) {
    return jsonRpcErrorResponse(
      c,
      'unsupported_media_type',
      'Unsupported Media Type: Content-Type must be application/json.',
    );
  }
  await next();
});

function methodOf(body: unknown): string | undefined {
  const m = (body as { method?: unknown }).method;
  return typeof m === 'string' ? m : undefined;
}

/** `tools/invoke` (older gateway APIs) is served as `tools/call`. */
function aliasInvoke(body: unknown, req: Request): { body: unknown; req: Request } {
  const b = body as { method?: unknown };
  if (b === null || typeof b !== 'object' || b.method !== 'tools/invoke') return { body, req };
  const headers = new Headers(req.headers);
  if (headers.has('mcp-method')) headers.set('mcp-method', 'tools/call');
  return {
    body: { ...b, method: 'tools/call' },
    req: new Request(req.url, { method: 'POST', headers, signal: req.signal }),
  };
}

/**
 * Read and parse the body as one JSON-RPC message → `rpc`: 408 when it does not arrive, 413 over
 * the size cap, -32700 for bad JSON, -32600 past the depth cap or for a batch, and (HTTP 200, like
 * the SDK's own answers) -32601 for prototype-named methods and -32602 for malformed params.
 */
export function parseJsonRpc(limits: BodyLimits) {
  return createMiddleware<EdgeEnv>(async (c, next) => {
    let read: Awaited<ReturnType<typeof readRequestBody>>;
    try {
      read = await readRequestBody(c.req.raw, limits.maxBody);
    } catch {
      // The connection layer cut the body (too slow, or the client went away).
      return jsonRpcErrorResponse(
        c,
        'request_timeout',
        'Request Timeout: the request body was not received in time.',
      );
    }
    if (read.tooLarge) {
      return jsonRpcErrorResponse(
        c,
        'payload_too_large',
        `Payload Too Large: request bodies are limited to ${limits.maxBody} bytes (server.max_body_bytes).`,
      );
    }
    const json = parseBoundedJson(read.text, limits.maxJsonDepth);
    if (!json.ok) {
      return json.reason === 'depth'
        ? jsonRpcErrorResponse(
            c,
            'invalid_request',
            `Invalid Request: the body is ${json.message} (server.max_json_depth); flatten the arguments or ask the operator to raise the limit.`,
          )
        : jsonRpcErrorResponse(c, 'parse_error', `Parse error: ${json.message}`);
    }
    if (Array.isArray(json.value)) {
      return jsonRpcErrorResponse(
        c,
        'invalid_request',
        'Invalid Request: JSON-RPC batches are not supported; send one message per POST.',
      );
    }
    if (limits.relayAnswers !== undefined) {
      const delivered = deliverRelayAnswer(c, json.value, limits.relayAnswers);
      if (delivered !== undefined) return delivered;
    }
    const { body, req } = aliasInvoke(json.value, c.req.raw);
    const isObject = body !== null && typeof body === 'object';
    const rawId = isObject ? (body as { id?: unknown }).id : undefined;
    const rpc: RpcRequest = {
      method: isObject ? methodOf(body) : undefined,
      id: typeof rawId === 'string' || typeof rawId === 'number' ? rawId : null,
      body,
      req,
    };
    c.set('rpc', rpc);
    const shapeError = isPrototypeMethod(body)
      ? ({ code: 'method_not_found', message: `Method not found: ${rpc.method}` } as const)
      : invalidParams(body);
    if (shapeError !== undefined) {
      const { code, message } =
        typeof shapeError === 'string'
          ? { code: 'invalid_arguments' as const, message: `Invalid params: ${shapeError}` }
          : shapeError;
      return c.json({ jsonrpc: '2.0', id: rpc.id, error: { code: errorMapping(code).jsonrpc, message } });
    }
    await next();
  });
}
