import { PorticoError } from '../../errors/index.js';
import type { HttpMethod, OpenApiSourceConfig } from '../../spec/index.js';
import { closeMatches, didYouMean } from '../../suggest/index.js';
import { type AnnotationOverrides, resolveAnnotations } from '../annotations.js';
import { formatSource } from '../source.js';
import type { OperationSpec } from '../types.js';
import type { OpenApiDocument, OpenApiOperation, OpenApiPathItem } from './document.js';
import { createOperationFilter } from './filter.js';
import { fallbackOperationName, sanitizeOperationId } from './names.js';
import { operationInputs } from './params.js';
import { createSchemaConverter } from './schema.js';
import { documentBaseUrl } from './servers.js';

/** The operations imported from one OpenAPI document. */
export interface OpenApiImport {
  operations: OperationSpec[];
  /** From the document's `servers[0]` (variables defaulted), when usable. */
  defaultBaseUrl?: string;
  warnings: string[];
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch'] as const;

const EXTENSIONS = {
  'x-portico-read-only': 'readOnly',
  'x-portico-destructive': 'destructive',
  'x-portico-idempotent': 'idempotent',
  'x-portico-open-world': 'openWorld',
} as const;

function annotationOverrides(op: OpenApiOperation, where: string, warnings: string[]): AnnotationOverrides {
  const out: AnnotationOverrides = {};
  for (const [ext, key] of Object.entries(EXTENSIONS)) {
    const value = op[ext];
    if (value === undefined) continue;
    if (typeof value === 'boolean') out[key] = value;
    else warnings.push(`${where}: ${ext} must be true or false (found ${JSON.stringify(value)}); ignored.`);
  }
  return out;
}

function describe(op: OpenApiOperation, pathItem: OpenApiPathItem, method: HttpMethod, path: string): string {
  const summary = (op.summary ?? pathItem.summary ?? '').trim();
  const details = (op.description ?? pathItem.description ?? '').trim();
  let text: string;
  if (summary.length === 0) text = details;
  else if (details.length === 0 || details.startsWith(summary)) text = details.length > 0 ? details : summary;
  else text = `${summary}\n\n${details}`;
  if (text.length === 0) text = `${method} ${path}`;
  return op.deprecated === true ? `${text}\n\nDeprecated.` : text;
}

/** The keys of `overrides` whose value is set. */
function definedOnly(overrides: AnnotationOverrides): AnnotationOverrides {
  return Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined));
}

function checkOverrides(
  cfg: OpenApiSourceConfig,
  operations: readonly OperationSpec[],
  left: ReadonlySet<string>,
  warnings: string[],
): void {
  const names = operations.map((op) => op.name);
  for (const [name, override] of Object.entries(cfg.overrides)) {
    if (names.includes(name)) continue;
    const label = override.source.path ?? `openapi "${cfg.name}" operations.${name}`;
    if (left.has(name)) {
      warnings.push(
        `${label} (${formatSource(override.source)}): operation "${name}" is not imported; ignored.`,
      );
      continue;
    }
    const [near] = closeMatches(name, [...names, ...left], 1);
    const suggestion = didYouMean(near);
    throw new PorticoError(
      'config_invalid',
      `${label} (${formatSource(override.source)}): ${cfg.source} has no operation "${name}"${suggestion}; ` +
        'operations are named by operationId, or <method>_<path words> without one.',
      { openapi: cfg.name, operation: name, file: override.source.file, line: override.source.line },
    );
  }
}

/** A name not yet used in this document (`name`, then `name_2`, …), with a warning when renamed. */
function uniqueOperationName(name: string, used: Set<string>, where: string, warnings: string[]): string {
  let candidate = name;
  for (let i = 2; used.has(candidate); i++) candidate = `${name}_${i}`;
  if (candidate !== name) warnings.push(`${where}: operation name "${name}" is taken; named "${candidate}".`);
  used.add(candidate);
  return candidate;
}

/**
 * Turn an OpenAPI 3.0/3.1 document (already dereferenced) into operations of the system `cfg.name`:
 * one per path + method, named from `operationId` (sanitized) or `<method>_<path words>`, with
 * arguments from the parameters and JSON request body, annotations defaulted from the method and
 * overridden by `x-portico-*` extensions then by the entry's `operations.<name>.annotations`,
 * `group` from that override else the first tag, `long_running` from the override, and
 * `cfg.include` / `cfg.exclude` applied. An override naming no operation of the document is a
 * `config_invalid` error (with a suggestion); one naming a left-out operation is a warning. Pure.
 */
export function openApiToOperations(doc: OpenApiDocument, cfg: OpenApiSourceConfig): OpenApiImport {
  const warnings: string[] = [];
  const convert = createSchemaConverter(doc.openapi);
  const filter = createOperationFilter(cfg.include, cfg.exclude);
  const operations: OperationSpec[] = [];
  const used = new Set<string>();
  /** Operations of the document left out (by include/exclude, or not importable). */
  const left = new Set<string>();
  for (const [path, pathItem] of Object.entries(doc.paths ?? {})) {
    if (pathItem === undefined || pathItem === null) continue;
    if (pathItem.trace !== undefined)
      warnings.push(`${cfg.source}: TRACE ${path} is not supported; skipped.`);
    for (const lower of METHODS) {
      const op = pathItem[lower];
      if (op === undefined || op === null) continue;
      const method = lower.toUpperCase() as HttpMethod;
      const where = `${cfg.source} ${method} ${path}`;
      const fromId = typeof op.operationId === 'string' ? sanitizeOperationId(op.operationId) : '';
      const baseName = fromId.length > 0 ? fromId : fallbackOperationName(method, path);
      const tags = Array.isArray(op.tags) ? op.tags.filter((t) => typeof t === 'string') : [];
      const candidate = {
        name: baseName,
        tags,
        path,
        ...(op.operationId ? { operationId: op.operationId } : {}),
      };
      if (!filter.accepts(candidate)) {
        left.add(baseName);
        continue;
      }
      const inputs = operationInputs(pathItem, op, convert, where, warnings);
      if (inputs === undefined) {
        left.add(baseName);
        continue;
      }
      const name = uniqueOperationName(baseName, used, where, warnings);
      const override = Object.hasOwn(cfg.overrides, name) ? cfg.overrides[name] : undefined;
      const spec: OperationSpec = {
        system: cfg.name,
        name,
        method,
        path,
        description: describe(op, pathItem, method, path),
        params: inputs.params,
        body: inputs.body,
        annotations: resolveAnnotations(method, {
          ...annotationOverrides(op, where, warnings),
          ...definedOnly(override?.annotations ?? {}),
        }),
        tags,
        source: { file: cfg.source, path: `paths.${path}.${lower}` },
      };
      const group = override?.group ?? tags[0];
      if (group !== undefined) spec.group = group;
      if (override?.longRunning !== undefined) spec.longRunning = override.longRunning;
      operations.push(spec);
    }
  }
  for (const w of filter.unusedEntries()) warnings.push(`openapi "${cfg.name}": ${w}.`);
  checkOverrides(cfg, operations, left, warnings);
  const defaultBaseUrl = documentBaseUrl(doc, cfg.source, cfg.baseUrl === undefined ? warnings : []);
  return defaultBaseUrl === undefined ? { operations, warnings } : { operations, defaultBaseUrl, warnings };
}
