import { PorticoError } from '../errors/index.js';
import type {
  ArgumentConfig,
  HttpMethod,
  OperationConfig,
  ParamLocation,
  SourceLocation,
  SystemConfig,
} from '../spec/index.js';
import { resolveAnnotations } from './annotations.js';
import { formatSource } from './source.js';
import type { OperationSpec, ParamSpec } from './types.js';

const QUERY_METHODS: ReadonlySet<HttpMethod> = new Set(['GET', 'HEAD', 'DELETE', 'OPTIONS']);

/** Names of the `{name}` placeholders in a path template. */
export function pathTemplateNames(path: string): string[] {
  return [...path.matchAll(/\{([^{}]+)\}/g)].map((m) => m[1]!);
}

function argumentLocation(
  arg: ArgumentConfig,
  op: OperationConfig,
  templateNames: Set<string>,
): ParamLocation {
  if (arg.in !== undefined) return arg.in;
  if (templateNames.has(arg.field ?? arg.name) || templateNames.has(arg.name)) return 'path';
  if (op.body.kind === 'argument' && op.body.param === arg.name) return 'body';
  return QUERY_METHODS.has(op.method) ? 'query' : 'body';
}

function invalid(
  sys: SystemConfig,
  op: OperationConfig,
  problem: string,
  source: SourceLocation,
): PorticoError {
  return new PorticoError(
    'config_invalid',
    `systems.${sys.name}.operations.${op.name} (${formatSource(source)}): ${problem}`,
    { system: sys.name, operation: op.name, file: source.file, line: source.line },
  );
}

function toParam(sys: SystemConfig, op: OperationConfig, arg: ArgumentConfig, names: Set<string>): ParamSpec {
  const where = argumentLocation(arg, op, names);
  const wireName = arg.field ?? arg.name;
  if (where === 'path' && !names.has(wireName)) {
    throw invalid(
      sys,
      op,
      `argument "${arg.name}" is "in: path" but the path "${op.path}" has no {${wireName}}; ` +
        'add it to the path or change "in".',
      arg.source,
    );
  }
  return {
    name: arg.name,
    in: where,
    wireName,
    required: where === 'path' ? true : arg.required,
    schema: arg.schema,
  };
}

function toOperation(sys: SystemConfig, op: OperationConfig): OperationSpec {
  const names = new Set(pathTemplateNames(op.path));
  const params = op.arguments.map((arg) => toParam(sys, op, arg, names));
  for (const placeholder of names) {
    if (!params.some((p) => p.in === 'path' && p.wireName === placeholder)) {
      throw invalid(
        sys,
        op,
        `the path "${op.path}" uses {${placeholder}} but no argument provides it; ` +
          `declare an argument "${placeholder}".`,
        op.source,
      );
    }
  }
  if (op.body.kind === 'argument') {
    const param = op.body.param;
    const target = params.find((p) => p.name === param);
    if (target === undefined || target.in !== 'body') {
      throw invalid(
        sys,
        op,
        `"body: ${param}" must name an argument sent in the body; declare argument "${param}" (in: body).`,
        op.source,
      );
    }
  }
  const spec: OperationSpec = {
    system: sys.name,
    name: op.name,
    method: op.method,
    path: op.path,
    description: op.description,
    params,
    body: op.body,
    annotations: resolveAnnotations(op.method, op.annotations),
    tags: [...op.tags],
    source: op.source,
  };
  if (op.title !== undefined) spec.title = op.title;
  if (op.group !== undefined) spec.group = op.group;
  if (op.longRunning !== undefined)
    spec.longRunning = { ...op.longRunning, terminal: [...op.longRunning.terminal] };
  return spec;
}

/**
 * The operations of a YAML-declared system. Each argument's `in` is resolved (`path` when named in
 * the template, else `query` for GET/HEAD/DELETE/OPTIONS, else `body`), its wire name is `field`
 * or the name, annotations default from the method, and `group` / `long_running` are carried over.
 * Throws `config_invalid` when the path template and the arguments disagree.
 */
export function systemOperations(sys: SystemConfig): OperationSpec[] {
  return sys.operations.map((op) => toOperation(sys, op));
}
