/** Outcome of reading a request body under a size cap. */
export type BodyRead = { ok: true; text: string } | { ok: false; reason: 'too_large' };

/**
 * Read a request body as UTF-8, refusing (without buffering the rest) once it exceeds `limit`
 * bytes. A Content-Length over the limit is refused before reading anything.
 */
export async function readBodyLimited(req: Request, limit: number): Promise<BodyRead> {
  const declared = req.headers.get('content-length');
  if (declared !== null && Number(declared) > limit) return { ok: false, reason: 'too_large' };
  if (req.body === null) return { ok: true, text: '' };
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      return { ok: false, reason: 'too_large' };
    }
    chunks.push(value);
  }
  return { ok: true, text: Buffer.concat(chunks, size).toString('utf8') };
}
