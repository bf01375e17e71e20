import type { Principal } from '../auth/types.js';
import { PorticoError } from '../errors/index.js';
import type { SystemSpec } from '../spec/index.js';

/** Where tenants' upstream secrets come from (implemented by `secrets/TenantSecrets`). */
export interface CredentialSource {
  get(tenantId: string, system: string): Promise<string | undefined>;
}

function identityValue(field: SystemSpec['identityHeaders'][string], p: Principal): string {
  switch (field) {
    case 'tenant.id':
      return p.tenantId;
    case 'tenant.name':
      return p.tenantName;
    case 'token.id':
      return p.tokenId;
    case 'token.label':
      return p.label;
    case 'subject':
      return p.subject;
  }
}

/**
 * Headers a call to `system` carries for its caller: the tenant's own upstream secret (systems
 * with `tenant_credential`) and identity headers (`identity_headers`). Undefined when the system
 * declares neither. Throws `tenant_credential_missing` when a required secret is not stored.
 */
export async function callerHeaders(
  system: SystemSpec,
  principal: Principal | undefined,
  credentials: CredentialSource | undefined,
): Promise<Record<string, string> | undefined> {
  const cred = system.tenantCredential;
  const identity = Object.entries(system.identityHeaders);
  if (cred === undefined && identity.length === 0) return undefined;
  const headers: Record<string, string> = {};
  if (principal !== undefined) {
    for (const [name, field] of identity) headers[name] = identityValue(field, principal);
  }
  if (cred !== undefined) {
    const secret =
      principal === undefined || credentials === undefined
        ? undefined
        : await credentials.get(principal.tenantId, system.name);
    if (secret !== undefined) headers[cred.header] = `${cred.prefix}${secret}`;
    else if (cred.required) {
      const who =
        principal === undefined ? 'This request has no tenant, and' : `Tenant "${principal.tenantId}"`;
      throw new PorticoError(
        'tenant_credential_missing',
        `${who} has no credential for system "${system.name}", which calls upstream with each tenant's own secret. ` +
          `An administrator sets it with: portico tenants secret set ${principal?.tenantId ?? '<tenant>'} ${system.name} --stdin`,
        { system: system.name, ...(principal !== undefined ? { tenant: principal.tenantId } : {}) },
      );
    }
  }
  return headers;
}
