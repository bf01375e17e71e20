export type {
  ArgumentConfig,
  NamingConfig,
  OpenApiFilter,
  OpenApiSourceConfig,
  OperationConfig,
  PorticoConfig,
  ServerConfig,
  SystemConfig,
  UpstreamSettings,
} from './types.js';
