import { UnsupportedProtocolVersionError } from '@modelcontextprotocol/client';

/** The protocol revision a stdio server that refuses the 2025 handshake is spoken to in. */
export const MODERN_REVISION = '2026-07-28';

/** How Portico opens a stdio server: the 2025 handshake first, 2026-07-28 once it was refused. */
export type StdioEra = 'legacy' | 'modern';

/**
 * Whether a failed 2025 `initialize` means the server speaks only 2026-07-28: it answered with
 * the unsupported-protocol-version error listing that revision.
 */
export function refusedLegacyForModern(err: unknown): boolean {
  return err instanceof UnsupportedProtocolVersionError && err.supported.includes(MODERN_REVISION);
}
