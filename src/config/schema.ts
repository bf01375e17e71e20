import { isIP } from 'node:net';
import { z } from 'zod';
import { parseDurationSec, parseRate, RATE_SYNTAX } from '../spec/index.js';
import { NAMING_MAX_LENGTH_BOUNDS } from './defaults.js';

/** The HTTP methods an operation may use. */
export const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;
/** Where an argument may go. */
export const PARAM_LOCATIONS = ['path', 'query', 'header', 'body'] as const;
const JSON_TYPES = ['string', 'number', 'integer', 'boolean', 'object', 'array', 'null'] as const;

/** JSON Schema keywords accepted on an argument besides Portico's own `in`, `field` and `required`. */
export const JSON_SCHEMA_KEYWORDS = [
  ...['type', 'enum', 'const', 'title', 'description', 'default', 'examples', 'format', 'pattern'],
  ...['minLength', 'maxLength', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf'],
  ...[
    'items',
    'prefixItems',
    'minItems',
    'maxItems',
    'uniqueItems',
    'contains',
    'minContains',
    'maxContains',
  ],
  ...['properties', 'additionalProperties', 'patternProperties', 'propertyNames', 'minProperties'],
  ...['maxProperties', 'dependentRequired', 'dependentSchemas', 'anyOf', 'oneOf', 'allOf', 'not', 'if'],
  ...['then', 'else', 'nullable', 'deprecated', 'readOnly', 'writeOnly', 'contentMediaType'],
  ...['contentEncoding', 'contentSchema', '$comment'],
] as const;

// Numbers and booleans may come from `${VAR}` interpolation, which always yields strings.
const fromEnvNumber = (v: unknown) => (typeof v === 'string' && /^\s*\d+\s*$/.test(v) ? Number(v) : v);
const fromEnvBoolean = (v: unknown) => (v === 'true' ? true : v === 'false' ? false : v);
const scalarToString = (v: unknown) => (typeof v === 'number' || typeof v === 'boolean' ? String(v) : v);

const positiveInt = z.preprocess(fromEnvNumber, z.number().int().min(1));
const flag = z.preprocess(fromEnvBoolean, z.boolean());
const text = z.string().min(1);
const stringList = z.array(z.string());

/** Caller facts an `identity_headers` entry may forward upstream. */
export const IDENTITY_FIELDS = ['tenant.id', 'tenant.name', 'token.id', 'token.label', 'subject'] as const;

const rate = z
  .preprocess(scalarToString, z.string())
  .refine((v) => v === 'none' || parseRate(v) !== undefined, {
    message: `expected a rate like 120/min (${RATE_SYNTAX}) or "none"`,
  });

const authSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('none') }),
  z.strictObject({ type: z.literal('api_key'), header: text.optional(), value: text }),
  z.strictObject({ type: z.literal('bearer'), token: text }),
  z.strictObject({ type: z.literal('basic'), username: text, password: z.string() }),
  z.strictObject({
    type: z.literal('oauth2_client_credentials'),
    token_url: text,
    client_id: text,
    client_secret: text,
    scopes: stringList.optional(),
    audience: text.optional(),
  }),
]);

const upstreamFields = {
  description: z.string().optional(),
  timeout_ms: positiveInt.optional(),
  connect_timeout_ms: positiveInt.optional(),
  max_response_bytes: positiveInt.optional(),
  retry: flag.optional(),
  headers: z.record(z.string(), z.preprocess(scalarToString, z.string())).nullish(),
  auth: authSchema.optional(),
  tenant_credential: z
    .strictObject({ header: text.optional(), prefix: z.string().optional(), required: flag.optional() })
    .optional(),
  identity_headers: z.record(z.string(), z.enum(IDENTITY_FIELDS)).nullish(),
};

const jsonSchemaKeywords = Object.fromEntries(JSON_SCHEMA_KEYWORDS.map((k) => [k, z.unknown().optional()]));

const argumentSchema = z.strictObject({
  ...jsonSchemaKeywords,
  type: z.union([z.enum(JSON_TYPES), z.array(z.enum(JSON_TYPES))]).optional(),
  description: z.string().optional(),
  in: z.enum(PARAM_LOCATIONS).optional(),
  field: text.optional(),
  // A boolean is Portico's `required`; a list is JSON Schema's (required properties of an object).
  required: z.union([flag, stringList]).optional(),
});

const identitySchema = z.strictObject({
  provider: text.optional(),
  instance: text.optional(),
  instance_label: text.optional(),
  env: text.optional(),
});

const annotationsSchema = z.strictObject({
  read_only: flag.optional(),
  destructive: flag.optional(),
  idempotent: flag.optional(),
  open_world: flag.optional(),
});

const longRunningSchema = z.strictObject({
  status_operation: text,
  handle_field: text,
  status_argument: text.optional(),
  status_field: text.optional(),
  terminal: z.array(text).min(1),
  poll_interval_ms: positiveInt.optional(),
  max_wait_ms: positiveInt.optional(),
});

const operationSchema = z.strictObject({
  method: z.enum(HTTP_METHODS).optional(),
  path: z.string(),
  title: z.string().optional(),
  description: z.string().optional(),
  tags: stringList.optional(),
  arguments: z.record(z.string(), argumentSchema).nullish(),
  body: text.optional(),
  annotations: annotationsSchema.optional(),
  group: text.optional(),
  long_running: longRunningSchema.optional(),
});

const systemSchema = z.strictObject({
  base_url: z.string(),
  ...upstreamFields,
  identity: identitySchema.optional(),
  operations: z.record(z.string(), operationSchema).nullish(),
});

/** Per-operation settings of an OpenAPI import (`openapi[].operations.<name>`). */
const overrideSchema = z.strictObject({
  group: text.optional(),
  annotations: annotationsSchema.optional(),
  long_running: longRunningSchema.optional(),
});

const filterSchema = z.strictObject({
  tags: stringList.optional(),
  operations: stringList.optional(),
  paths: stringList.optional(),
});

const openApiSchema = z.strictObject({
  name: text,
  source: text,
  base_url: z.string().optional(),
  include: filterSchema.optional(),
  exclude: filterSchema.optional(),
  ...upstreamFields,
  identity: identitySchema.optional(),
  operations: z.record(z.string(), overrideSchema.nullish()).nullish(),
});

const stringMap = z.record(z.string(), z.preprocess(scalarToString, z.string()));

const mcpServerSchema = z.strictObject({
  description: z.string().optional(),
  url: text.optional(),
  headers: stringMap.nullish(),
  bearer: text.optional(),
  command: text.optional(),
  args: z.array(z.preprocess(scalarToString, z.string())).nullish(),
  env: stringMap.nullish(),
  cwd: text.optional(),
  identity: identitySchema.optional(),
  timeout_ms: positiveInt.optional(),
  isolation: z.enum(['per_tenant', 'shared']).optional(),
  max_tenants: positiveInt.optional(),
  idle_timeout_ms: positiveInt.optional(),
  match_caller_revision: flag.optional(),
  tenant_credential: upstreamFields.tenant_credential,
  identity_headers: upstreamFields.identity_headers,
});

/** The surfaces a view may publish. */
export const SURFACES = ['tools', 'facade', 'router', 'search'] as const;

const viewSchema = z.strictObject({
  description: z.string().optional(),
  surface: z.enum(SURFACES).optional(),
  include: stringList.optional(),
  exclude: stringList.optional(),
  systems: stringList.optional(),
  tags: stringList.optional(),
  read_only: flag.optional(),
  max_tools: positiveInt.optional(),
});

/** The naming strategies. */
export const NAMING_STRATEGIES = ['namespaced', 'flat', 'template'] as const;

const namingSchema = z.strictObject({
  strategy: z.enum(NAMING_STRATEGIES).optional(),
  separator: z.string().optional(),
  template: text.optional(),
  max_length: z
    .preprocess(
      fromEnvNumber,
      z.number().int().min(NAMING_MAX_LENGTH_BOUNDS.min).max(NAMING_MAX_LENGTH_BOUNDS.max),
    )
    .optional(),
  on_collision: z.enum(['fail', 'suffix']).optional(),
});

const duration = z.preprocess(scalarToString, z.string()).refine((v) => parseDurationSec(v) !== undefined, {
  message: 'expected a duration like 900 (seconds), 90s, 15m, 12h or 30d',
});

/** An IP address or CIDR block (`10.0.0.0/8`, `::1`, `fd00::/8`). */
const proxyAddress = z.string().refine(
  (v) => {
    const [addr, bits, extra] = v.trim().split('/');
    const family = isIP(addr ?? '');
    if (family === 0 || extra !== undefined) return false;
    if (bits === undefined) return true;
    const n = Number(bits);
    return /^\d+$/.test(bits) && n >= 0 && n <= (family === 4 ? 32 : 128);
  },
  { message: 'expected an IP address or CIDR block such as 10.0.0.0/8, 127.0.0.1 or fd00::/8' },
);

const oauthSchema = z
  .strictObject({
    // YAML 1.1 readers turn a bare `off` into false.
    mode: z.preprocess((v) => (v === false ? 'off' : v), z.enum(['off', 'builtin', 'external'])).optional(),
    access_token_ttl: duration.optional(),
    refresh_token_ttl: duration.optional(),
    dynamic_registration: flag.optional(),
    allow_insecure_client_metadata: flag.optional(),
    // The scopes of auth/types.ts SCOPES (config does not depend on auth).
    default_scopes: z
      .array(z.enum(['mcp.tools.discovery', 'mcp.tools.invoke', 'mcp.tools.write']))
      .min(1)
      .optional(),
    issuer: z.url({ protocol: /^https?$/ }).optional(),
    jwks_uri: z.url({ protocol: /^https?$/ }).optional(),
    audience: z.union([text, z.array(text).min(1)]).optional(),
    tenant_claim: text.optional(),
    tenant_map: z.record(z.string(), text).optional(),
    scope_claim: z.union([text, z.array(text).min(1)]).optional(),
    scope_map: z.record(z.string(), z.union([text, z.array(text)])).optional(),
  })
  .superRefine((v, ctx) => {
    if (v.mode === 'external' && v.issuer === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['issuer'],
        message:
          'oauth.mode external needs oauth.issuer: the URL of your identity provider (its "iss" claim)',
      });
    }
  });

/** The zod schema of `portico.yaml` (after `${VAR}` interpolation), in its YAML (snake_case) shape. */
export const configSchema = z.strictObject({
  server: z
    .strictObject({
      allowed_origins: stringList.optional(),
      allowed_hosts: stringList.optional(),
      trusted_proxies: z.array(proxyAddress).optional(),
      max_body_bytes: positiveInt.optional(),
      max_json_depth: positiveInt.optional(),
      max_suspended_calls_per_tenant: positiveInt.optional(),
      headers_timeout_ms: positiveInt.optional(),
      body_timeout_ms: positiveInt.optional(),
      body_min_bytes_per_sec: z.preprocess(fromEnvNumber, z.number().int().min(0)).optional(),
      keep_alive_timeout_ms: positiveInt.optional(),
      max_connections_per_address: positiveInt.optional(),
      page_size: positiveInt.optional(),
      public_url: z
        .url({
          protocol: /^https?$/,
          message: 'expected an absolute http(s) URL such as https://mcp.example.com',
        })
        .optional(),
    })
    .nullish(),
  naming: namingSchema.nullish(),
  publish: z.strictObject({ description_max_length: positiveInt.optional() }).nullish(),
  systems: z.record(z.string(), systemSchema).nullish(),
  openapi: z.array(openApiSchema).nullish(),
  mcp_servers: z.record(z.string(), mcpServerSchema).nullish(),
  default_view: viewSchema.nullish(),
  views: z.record(z.string(), viewSchema.nullish()).nullish(),
  auth: z.strictObject({ dev_tenant: text.optional() }).nullish(),
  limits: z
    .strictObject({
      token: rate.optional(),
      tenant: rate.optional(),
      tenant_daily_quota: z.union([z.literal('none'), positiveInt]).optional(),
      auth_failures: rate.optional(),
      account_failures: rate.optional(),
    })
    .nullish(),
  audit: z
    .strictObject({
      retention_days: positiveInt.optional(),
      record_arguments: stringList.optional(),
      durability: z.enum(['sync', 'batched']).optional(),
    })
    .nullish(),
  oauth: oauthSchema.nullish(),
  store: z
    .strictObject({
      url: z
        .string()
        .regex(
          /^postgres(ql)?:\/\//,
          'expected a PostgreSQL URL such as postgres://user@db.example.com:5432/portico',
        )
        .optional(),
      pool_size: positiveInt.optional(),
    })
    .nullish(),
  redis: z
    .strictObject({
      url: z
        .string()
        .regex(/^rediss?:\/\//, 'expected a Redis URL such as redis://cache.example.com:6379')
        .optional(),
      key_prefix: text.optional(),
    })
    .nullish(),
});

/** The validated YAML shape. */
export type YamlConfig = z.output<typeof configSchema>;
export type YamlSystem = z.output<typeof systemSchema>;
export type YamlOperation = z.output<typeof operationSchema>;
export type YamlAuth = z.output<typeof authSchema>;
export type YamlFilter = z.output<typeof filterSchema>;
export type YamlOpenApi = z.output<typeof openApiSchema>;
export type YamlIdentity = z.output<typeof identitySchema>;
export type YamlAnnotations = z.output<typeof annotationsSchema>;
export type YamlLongRunning = z.output<typeof longRunningSchema>;
export type YamlOverride = z.output<typeof overrideSchema>;
export type YamlMcpServer = z.output<typeof mcpServerSchema>;
export type YamlView = z.output<typeof viewSchema>;
