import { PorticoError } from '../errors/index.js';

interface CursorPayload {
  v: 1;
  after: string;
}

/** The opaque cursor resuming after the tool named `after`. */
export function encodeCursor(after: string): string {
  const payload: CursorPayload = { v: 1, after };
  return Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
}

function invalidCursor(cursor: string): PorticoError {
  const shown = cursor.length > 64 ? `${cursor.slice(0, 64)}…` : cursor;
  return new PorticoError(
    'invalid_cursor',
    `Invalid cursor "${shown}": pass the nextCursor from a previous tools/list response, or omit it to start over.`,
    { cursor: shown },
  );
}

/** The tool name a cursor resumes after; throws `invalid_cursor` for anything not made by {@link encodeCursor}. */
export function decodeCursor(cursor: string): string {
  if (cursor.length === 0 || cursor.length > 4096 || !/^[A-Za-z0-9_-]+$/.test(cursor))
    throw invalidCursor(cursor);
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor(cursor);
  }
  const p = payload as Partial<CursorPayload> | null;
  if (typeof p !== 'object' || p === null || p.v !== 1 || typeof p.after !== 'string')
    throw invalidCursor(cursor);
  return p.after;
}

/** Index of the first tool whose name sorts after `name` (tools sorted by name, code-unit order). */
function firstAfter(tools: readonly { name: string }[], name: string): number {
  let lo = 0;
  let hi = tools.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (tools[mid]!.name <= name) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * One page of `tools` (sorted by name). The cursor names the last tool of the previous page, so it
 * stays valid across catalogue rebuilds: the next page starts after that name even if tools were
 * added or removed. `nextCursor` is absent on the last page.
 */
export function paginate<T extends { name: string }>(
  tools: readonly T[],
  cursor: string | undefined,
  pageSize: number,
): { page: T[]; nextCursor?: string } {
  const size = Math.max(1, Math.floor(pageSize));
  const start = cursor === undefined ? 0 : firstAfter(tools, decodeCursor(cursor));
  const page = tools.slice(start, start + size);
  const last = page[page.length - 1];
  if (last === undefined || start + size >= tools.length) return { page };
  return { page, nextCursor: encodeCursor(last.name) };
}
