import type { SourceLocation } from '../spec/index.js';

/**
 * A source location for messages: `file:line` when the line is known, else `file at <path>`
 * (e.g. `openapi.yaml at paths./flows/{flow}.get`), else the file alone.
 */
export function formatSource(source: SourceLocation | undefined): string {
  if (source === undefined) return 'unknown location';
  if (source.line !== undefined) {
    return `${source.file}:${source.line}${source.column !== undefined ? `:${source.column}` : ''}`;
  }
  return source.path !== undefined ? `${source.file} at ${source.path}` : source.file;
}
