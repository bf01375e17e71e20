import { createHash } from 'node:crypto';
import {
  NAMESPACED_TEMPLATE,
  type NamingConfig,
  parseNameTemplate,
  renderNameTemplate,
  type SourceLocation,
  type SystemIdentity,
} from '../spec/index.js';

/** What a tool name is built from: an operation of a system, or a tool of a federated server. */
export interface NameSubject {
  /** Owning system or federated MCP server name (`{system}`). */
  owner: string;
  /** Operation or remote tool name (`{name}`). */
  baseName: string;
  identity: SystemIdentity;
  /** How messages name it, e.g. `system "billing" operation "get_invoice"`. */
  label: string;
  source?: SourceLocation;
}

/** Names every client accepts (SEP-986): 1–128 of `A-Z a-z 0-9 _ . -`. */
export const TOOL_NAME_PATTERN = /^[A-Za-z0-9_.-]{1,128}$/;

/** Length of the hash that ends a shortened name. */
const HASH_LENGTH = 8;

/** `name` with every character outside `A-Z a-z 0-9 _ . -` replaced by `_` (`_` when empty). */
export function sanitizeToolName(name: string): string {
  const clean = name.replace(/[^A-Za-z0-9_.-]/g, '_');
  return clean.length > 0 ? clean : '_';
}

/**
 * The full (uncapped) tool name of a subject: `flat` → the base name; `namespaced` →
 * `provider{sep}instance{sep}name` (instance left out when absent); `template` → the template with
 * its placeholders filled (empty values dropped with an adjacent separator). Sanitized.
 */
export function fullToolName(subject: NameSubject, naming: NamingConfig): string {
  if (naming.strategy === 'flat') return sanitizeToolName(subject.baseName);
  const template =
    naming.strategy === 'template' ? (naming.template ?? NAMESPACED_TEMPLATE) : NAMESPACED_TEMPLATE;
  const { identity } = subject;
  const name = renderNameTemplate(parseNameTemplate(template), {
    provider: identity.provider,
    instance: identity.instance ?? '',
    env: identity.env ?? '',
    system: subject.owner,
    name: subject.baseName,
    sep: naming.separator,
  });
  return sanitizeToolName(name);
}

/** The first 8 lowercase hex characters of the SHA-256 of `name` (UTF-8). */
export function nameHash(name: string): string {
  return createHash('sha256').update(name, 'utf8').digest('hex').slice(0, HASH_LENGTH);
}

/**
 * `name` when it fits `maxLength`, else `<prefix>_<hash>`: the name cut so the result is exactly
 * `maxLength` characters, then `_` and {@link nameHash} of the full name — the same on every machine.
 */
export function capToolName(name: string, maxLength: number): string {
  if (name.length <= maxLength) return name;
  return `${name.slice(0, Math.max(0, maxLength - HASH_LENGTH - 1))}_${nameHash(name)}`;
}

/** The published name of one subject, ignoring collisions: {@link fullToolName}, capped. */
export function toolName(subject: NameSubject, naming: NamingConfig): string {
  return capToolName(fullToolName(subject, naming), naming.maxLength);
}
