import type { HttpMethod } from '../spec/index.js';
import type { OperationAnnotations } from './types.js';

/** Explicitly declared annotations; unset ones fall back to the method defaults. */
export type AnnotationOverrides = Partial<OperationAnnotations>;

/**
 * Annotation defaults for an HTTP method: GET/HEAD/OPTIONS are read-only and idempotent, PUT and
 * DELETE are idempotent, DELETE is destructive, POST and PATCH are neither. `openWorld` defaults to
 * false: a declared upstream API is a closed domain.
 */
export function methodAnnotations(method: HttpMethod): OperationAnnotations {
  const safe = method === 'GET' || method === 'HEAD' || method === 'OPTIONS';
  return {
    readOnly: safe,
    destructive: method === 'DELETE',
    idempotent: safe || method === 'PUT' || method === 'DELETE',
    openWorld: false,
  };
}

/** Method defaults with the explicitly set overrides applied. */
export function resolveAnnotations(method: HttpMethod, overrides: AnnotationOverrides): OperationAnnotations {
  const out = methodAnnotations(method);
  for (const key of ['readOnly', 'destructive', 'idempotent', 'openWorld'] as const) {
    const v = overrides[key];
    if (v !== undefined) out[key] = v;
  }
  return out;
}
