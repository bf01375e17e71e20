import type { HttpMethod } from '../../spec/index.js';

/** `operationId` reduced to `[A-Za-z0-9_.-]` (other runs become `_`); empty when nothing is left. */
export function sanitizeOperationId(operationId: string): string {
  return operationId
    .replace(/[^A-Za-z0-9_.-]+/g, '_')
    .replace(/_+/g, '_')
    .replace(/^_|_$/g, '');
}

/**
 * A stable name for an operation without `operationId`, from the method and path:
 * `GET /flows/{flow}/runs` → `get_flows_flow_runs`, `GET /` → `get_root`.
 */
export function fallbackOperationName(method: HttpMethod, path: string): string {
  const words = path.split(/[^A-Za-z0-9]+/).filter((w) => w.length > 0);
  return `${method.toLowerCase()}_${words.length > 0 ? words.join('_') : 'root'}`;
}
