/** Body bytes read under a size cap. */
export interface CappedBody {
  buffer: Buffer;
  truncated: boolean;
}

interface BodyStream extends AsyncIterable<Buffer | Uint8Array | string> {
  destroy(err?: Error): unknown;
}

/**
 * Read `body` up to `maxBytes`. Past the cap, stop reading (the stream is destroyed, which also
 * drops its connection) and keep the first `maxBytes` bytes.
 */
export async function readCappedBody(body: BodyStream, maxBytes: number): Promise<CappedBody> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const raw of body) {
    const chunk =
      typeof raw === 'string' ? Buffer.from(raw) : Buffer.from(raw.buffer, raw.byteOffset, raw.length);
    if (size + chunk.length > maxBytes) {
      chunks.push(chunk.subarray(0, maxBytes - size));
      body.destroy();
      return { buffer: Buffer.concat(chunks, maxBytes), truncated: true };
    }
    chunks.push(chunk);
    size += chunk.length;
  }
  return {
    buffer: chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size),
    truncated: false,
  };
}

/** Decode UTF-8; a truncated buffer drops a trailing incomplete multi-byte character. */
export function decodeUtf8(buffer: Buffer, truncated: boolean): string {
  if (!truncated) return buffer.toString('utf8');
  return new TextDecoder('utf-8').decode(buffer, { stream: true });
}

/** The `charset` parameter of a Content-Type, lower-cased, or undefined. */
export function charsetOf(contentType: string): string | undefined {
  const m = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType);
  return m?.[1]?.toLowerCase();
}

/**
 * Decode a body with the charset its Content-Type names (iso-8859-1, windows-1252, shift_jis, …
 * as the WHATWG Encoding standard knows them); UTF-8 when none is named or the name is unknown.
 */
export function decodeBody(buffer: Buffer, truncated: boolean, contentType: string): string {
  const charset = charsetOf(contentType);
  if (charset === undefined || charset === 'utf-8' || charset === 'utf8')
    return decodeUtf8(buffer, truncated);
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(charset);
  } catch {
    return decodeUtf8(buffer, truncated);
  }
  return decoder.decode(buffer, { stream: truncated });
}

/** True for `application/json`, `application/problem+json` and other `+json` types. */
export function isJsonContentType(contentType: string): boolean {
  const semi = contentType.indexOf(';');
  const type = (semi === -1 ? contentType : contentType.slice(0, semi)).trim().toLowerCase();
  return type === 'application/json' || type.endsWith('+json');
}
