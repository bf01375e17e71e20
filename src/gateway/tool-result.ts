import type { CallToolResult } from '@modelcontextprotocol/server';
import type { HttpCatalogTool } from '../catalog/index.js';
import { type PorticoError, UpstreamUrlElicitation } from '../errors/index.js';
import { type UpstreamResponse, upstreamErrorMessage } from '../upstream/index.js';

function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${(n / (1024 * 1024)).toFixed(1)} MiB` : `${Math.ceil(n / 1024)} KiB`;
}

/** Note appended to a result whose upstream body went past the size cap. */
function truncationNote(tool: HttpCatalogTool): string {
  return (
    `[Portico: the upstream response was truncated at ${formatBytes(tool.system.maxResponseBytes)}; ` +
    `narrow the request (filters such as limit or a shorter time window) to see all of it.]`
  );
}

/** Turn an upstream HTTP response into an MCP tool result (non-2xx → isError with the upstream's message). */
export function toolResultFromUpstream(tool: HttpCatalogTool, res: UpstreamResponse): CallToolResult {
  const ok = res.status >= 200 && res.status < 300;
  if (!ok) {
    const upstreamMessage = upstreamErrorMessage(res);
    return {
      isError: true,
      content: [
        { type: 'text', text: `${tool.system.name} returned an error for ${tool.name}: ${upstreamMessage}` },
      ],
      structuredContent: { error: { status: res.status, message: upstreamMessage } },
    };
  }
  if (res.jsonError !== undefined) {
    const message = `the response of ${tool.system.name} is ${res.jsonError} (server.max_json_depth), so Portico did not read it; ask the API owner to flatten it, or the Portico operator to raise the limit.`;
    return {
      isError: true,
      content: [{ type: 'text', text: `${tool.name} failed: ${message}` }],
      structuredContent: { error: { code: 'upstream_response_too_deep', status: res.status, message } },
    };
  }
  const result: CallToolResult = { content: [] };
  if (res.json !== undefined) {
    // The upstream's own JSON text (json is only parsed from a complete body): no re-serialization.
    if (res.json !== null && typeof res.json === 'object' && !Array.isArray(res.json)) {
      result.structuredContent = res.json as Record<string, unknown>;
    }
    result.content.push({ type: 'text', text: res.text });
  } else if (res.text.length > 0) {
    result.content.push({ type: 'text', text: res.text });
  } else {
    result.content.push({ type: 'text', text: `${tool.name} succeeded (HTTP ${res.status}, empty body).` });
  }
  if (res.truncated) result.content.push({ type: 'text', text: truncationNote(tool) });
  return result;
}

/** Turn a gateway-side failure (timeout, unreachable, invalid request) into an isError tool result. */
export function toolResultFromError(toolName: string, err: PorticoError): CallToolResult {
  return {
    isError: true,
    content: [{ type: 'text', text: err.message }],
    structuredContent: {
      error: {
        code: err.code,
        message: err.message,
        tool: toolName,
        // A federated server's -32042: the URLs to open, as it named them.
        ...(err instanceof UpstreamUrlElicitation ? { elicitations: err.elicitations } : {}),
      },
    },
  };
}

/** An isError result for arguments that failed validation (the spec's tool-execution error). */
export function invalidArgumentsResult(toolName: string, message: string): CallToolResult {
  return {
    isError: true,
    content: [{ type: 'text', text: `Invalid arguments for ${toolName}: ${message}` }],
  };
}
