import { PorticoError } from '../errors/index.js';
import type { McpServerConfig } from '../spec/index.js';
import type { FederatedCaller, FederationCredentials } from './types.js';

function identityValue(
  field: McpServerConfig['identityHeaders'][string],
  c: FederatedCaller,
): string | undefined {
  switch (field) {
    case 'tenant.id':
      return c.tenantId;
    case 'tenant.name':
      return c.tenantName;
    case 'token.id':
      return c.tokenId;
    case 'token.label':
      return c.label;
    case 'subject':
      return c.subject;
  }
}

/**
 * Headers one call to an HTTP server carries for its caller: `identity_headers` and the tenant's
 * own stored secret (`tenant_credential`). Undefined for stdio servers and servers declaring
 * neither. Throws `tenant_credential_missing` when a required secret is not stored.
 */
export async function federatedCallerHeaders(
  config: McpServerConfig,
  caller: FederatedCaller | undefined,
  credentials: FederationCredentials | undefined,
): Promise<Record<string, string> | undefined> {
  if (config.transport.kind !== 'http') return undefined;
  const cred = config.tenantCredential;
  const identity = Object.entries(config.identityHeaders);
  if (cred === undefined && identity.length === 0) return undefined;
  const headers: Record<string, string> = {};
  if (caller !== undefined) {
    for (const [name, field] of identity) {
      const value = identityValue(field, caller);
      if (value !== undefined && !/[\r\n]/.test(value)) headers[name] = value;
    }
  }
  if (cred !== undefined) {
    const secret =
      caller === undefined || credentials === undefined
        ? undefined
        : await credentials.get(caller.tenantId, config.name);
    if (secret !== undefined) headers[cred.header] = `${cred.prefix}${secret}`;
    else if (cred.required) {
      const who = caller === undefined ? 'This request has no tenant, and' : `Tenant "${caller.tenantId}"`;
      throw new PorticoError(
        'tenant_credential_missing',
        `${who} has no credential for MCP server "${config.name}", which is called with each tenant's own secret. ` +
          `An administrator sets it with: portico tenants secret set ${caller?.tenantId ?? '<tenant>'} ${config.name} --stdin`,
        { server: config.name, ...(caller !== undefined ? { tenant: caller.tenantId } : {}) },
      );
    }
  }
  return headers;
}
