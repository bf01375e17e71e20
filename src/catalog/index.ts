export { type AnnotationOverrides, methodAnnotations, resolveAnnotations } from './annotations.js';
export { buildCatalog, type Catalog } from './build.js';
export { globMatch, globToRegExp } from './glob.js';
export { assignToolNames, toolName } from './naming.js';
export {
  createOperationFilter,
  createSchemaConverter,
  type FilterCandidate,
  fallbackOperationName,
  loadOpenApiDocument,
  type OpenApiDocument,
  type OpenApiImport,
  type OpenApiMediaType,
  type OpenApiOperation,
  type OpenApiParameter,
  type OpenApiPathItem,
  type OpenApiRequestBody,
  type OpenApiServer,
  type OperationFilter,
  openApiToOperations,
  sanitizeOperationId,
} from './openapi/index.js';
export { decodeCursor, encodeCursor, paginate } from './pagination.js';
export { formatSource } from './source.js';
export { closeMatches, editDistance } from './suggest.js';
export { pathTemplateNames, systemOperations } from './system.js';
export { inputSchemaFor, titleFromName, toCatalogTool } from './tool.js';
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
export {
  type ArgumentValidator,
  type ArgumentVerdict,
  createArgumentValidator,
  validateArguments,
} from './validate.js';
