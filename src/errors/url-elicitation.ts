import { PorticoError } from './portico-error.js';

/** One URL-mode elicitation of a `-32042` answer, as far as Portico reads it. */
export interface UrlElicitation {
  url: string;
  message?: string;
  elicitationId?: string;
}

/**
 * A federated server answered a request with JSON-RPC error `-32042` (URL elicitation required):
 * the user must open the URLs of `elicitations`, then the caller retries. `upstream` is the
 * server's error (message and data) exactly as it came: a 2025-11-25 caller that declared
 * `elicitation.url` gets it unchanged; for any other caller the message names the URLs to open.
 */
export class UpstreamUrlElicitation extends PorticoError {
  constructor(
    message: string,
    /** The server's own `-32042` message and `data` (its `elicitations`), passed on unchanged. */
    readonly upstream: { message: string; data: unknown },
    /** The URL elicitations of `upstream.data` (those with a string `url`). */
    readonly elicitations: UrlElicitation[],
    details: Record<string, unknown>,
  ) {
    super('url_elicitation_required', message, details);
    this.name = 'UpstreamUrlElicitation';
  }
}
