import type { CallToolResult } from '@modelcontextprotocol/server';
import type { Principal } from '../auth/types.js';
import type { PublishedTool } from '../catalog/index.js';
import { type ViewTools, viewPermissions } from './permissions.js';

/** What {@link whoamiResult} reads of a view. */
export interface WhoamiView extends ViewTools {
  readonly name: string;
  readonly whoamiName: string;
}

/** Name of the built-in identity tool (`portico_whoami` when a catalogue tool already uses it). */
export const WHOAMI = 'whoami';

/** The built-in `whoami` tool as a view publishes it. */
export function whoamiTool(name: string): PublishedTool {
  return {
    name,
    title: 'Who am I',
    description:
      'Who this connection is: tenant, token (label, prefix, expiry), scopes and, for every tool of this ' +
      'endpoint, whether you may call it (invoke = read-only calls, write = calls that change data, ' +
      'list = visible only). Call it before a write to check you are allowed.',
    inputSchema: { type: 'object', properties: {}, additionalProperties: false },
    annotations: { readOnly: true, destructive: false, idempotent: true, openWorld: false },
    route: { kind: 'builtin', builtin: 'whoami' },
  };
}

/** The `whoami` result for `principal` on `view`. */
export function whoamiResult(view: WhoamiView, principal: Principal | undefined): CallToolResult {
  if (principal === undefined) {
    return {
      isError: true,
      content: [{ type: 'text', text: 'whoami: this request carries no identity.' }],
    };
  }
  const info = {
    tenant: { id: principal.tenantId, name: principal.tenantName },
    token: {
      id: principal.tokenId,
      label: principal.label,
      prefix: principal.prefix,
      expires_at: principal.expiresAt?.toISOString() ?? null,
      kind: principal.kind,
    },
    scopes: [...principal.scopes],
    view: view.name,
    views: principal.views ?? 'all',
    tools: viewPermissions(view, principal).filter((t) => t.name !== view.whoamiName),
  };
  const callable = info.tools.filter((t) => t.permission === 'invoke' || t.permission === 'write').length;
  const summary =
    `Tenant ${principal.tenantName} (${principal.tenantId}), token "${principal.label}" (${principal.prefix}…), ` +
    `scopes ${info.scopes.join(', ') || 'none'}, expires ${info.token.expires_at ?? 'never'}. ` +
    `You may call ${callable} of ${info.tools.length} tools on this endpoint.`;
  return {
    content: [
      { type: 'text', text: summary },
      { type: 'text', text: JSON.stringify(info) },
    ],
    structuredContent: info,
  };
}
