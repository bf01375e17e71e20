export { CLIENT_OWNED_HEADERS } from './client-owned-headers.js';
export type {
  ArgumentConfig,
  AuditConfig,
  AuthConfig,
  ExternalIdpConfig,
  LimitsConfig,
  McpServerConfig,
  NamingConfig,
  OAuthConfig,
  OpenApiFilter,
  OpenApiSourceConfig,
  OperationConfig,
  OperationOverride,
  PorticoConfig,
  PublishConfig,
  RedisConfig,
  ServerConfig,
  StoreConfig,
  SystemConfig,
  ViewConfig,
} from './config.js';
export {
  ALL_UNITS,
  type Duration,
  type DurationRules,
  type DurationUnit,
  parseDurationSec,
  readDuration,
  SHORT_UNITS,
} from './duration.js';
export { isLoopbackHost, LOOPBACK_HOSTS } from './loopback.js';
export {
  NAME_PLACEHOLDERS,
  NAMESPACED_TEMPLATE,
  type NamePlaceholder,
  parseNameTemplate,
  renderNameTemplate,
  type TemplateToken,
} from './name-template.js';
export { parseRate, RATE_SYNTAX, type RateSpec } from './rate.js';
export { DEFAULT_VIEW, type SurfaceKind } from './surface.js';
export type {
  HttpMethod,
  IdentityField,
  JsonSchema,
  LongRunningSpec,
  ParamLocation,
  SourceLocation,
  SystemIdentity,
  SystemSpec,
  TenantCredentialConfig,
  UpstreamAuth,
  UpstreamSettings,
} from './upstream.js';
