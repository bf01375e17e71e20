import type { SystemIdentity } from '../spec/index.js';
import { optional } from './optional.js';
import type { YamlIdentity } from './schema.js';

/** A system's / server's identity: `provider` defaults to its name. */
export function normalizeIdentity(name: string, identity: YamlIdentity | undefined): SystemIdentity {
  return {
    provider: identity?.provider ?? name,
    ...optional('instance', identity?.instance),
    ...optional('instanceLabel', identity?.instance_label),
    ...optional('env', identity?.env),
  };
}
