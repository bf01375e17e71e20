import { UnsupportedProtocolVersionError } from '@modelcontextprotocol/client';

/** The protocol revision a stdio server that refuses the 2025 handshake is spoken to in. */
export const MODERN_REVISION = '2026-07-28';

/**
 * A protocol era: `legacy` is the 2025 `initialize` handshake (2025-11-25 and older revisions),
 * `modern` is 2026-07-28 (`server/discover`, stateless requests, input-required results).
 */
export type Era = 'legacy' | 'modern';

/** The era of a negotiated protocol revision. */
export function eraOf(protocolVersion: string): Era {
  return protocolVersion >= MODERN_REVISION ? 'modern' : 'legacy';
}

/**
 * Whether a failed 2025 `initialize` means the server speaks only 2026-07-28: it answered with
 * the unsupported-protocol-version error listing that revision.
 */
export function refusedLegacyForModern(err: unknown): boolean {
  return err instanceof UnsupportedProtocolVersionError && err.supported.includes(MODERN_REVISION);
}
