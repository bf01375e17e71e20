export type {
  BodyMode,
  CatalogTool,
  HttpMethod,
  JsonSchema,
  OperationAnnotations,
  OperationSpec,
  ParamLocation,
  ParamSpec,
  SourceLocation,
  SystemSpec,
  UpstreamAuth,
} from './types.js';
