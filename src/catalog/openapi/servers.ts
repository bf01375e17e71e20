import type { OpenApiDocument } from './document.js';

function isHttpUrl(value: string): boolean {
  return /^https?:\/\//i.test(value);
}

/**
 * The base URL from the document's first `servers` entry, with server variables replaced by their
 * defaults. A relative URL is resolved against the document's URL when it was fetched over HTTP;
 * otherwise it cannot be used (a warning explains why).
 */
export function documentBaseUrl(
  doc: OpenApiDocument,
  source: string,
  warnings: string[],
): string | undefined {
  const server = doc.servers?.[0];
  if (server === undefined || typeof server.url !== 'string') return undefined;
  const url = server.url.replace(/\{([^{}]+)\}/g, (whole, name: string) => {
    const value = server.variables?.[name]?.default;
    return value ?? whole;
  });
  if (/\{[^{}]+\}/.test(url)) {
    warnings.push(`${source}: servers[0].url "${server.url}" has variables without defaults; set base_url.`);
    return undefined;
  }
  if (isHttpUrl(url)) return url;
  if (isHttpUrl(source)) return new URL(url, source).toString();
  warnings.push(
    `${source}: servers[0].url "${server.url}" is relative and the document is a local file; set base_url.`,
  );
  return undefined;
}
