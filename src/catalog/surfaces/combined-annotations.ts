import type { CatalogTool, OperationAnnotations } from '../types.js';

/**
 * Annotations of one published tool that can run any of `tools`: read-only and idempotent only
 * when all are, destructive and open-world when any is.
 */
export function combinedAnnotations(tools: readonly CatalogTool[]): OperationAnnotations {
  return {
    readOnly: tools.length > 0 && tools.every((t) => t.annotations.readOnly),
    destructive: tools.some((t) => t.annotations.destructive),
    idempotent: tools.length > 0 && tools.every((t) => t.annotations.idempotent),
    openWorld: tools.some((t) => t.annotations.openWorld),
  };
}
