export { type AnnotationOverrides, methodAnnotations, resolveAnnotations } from './annotations.js';
export { buildCatalog, type Catalog } from './build.js';
export { capDescription } from './description.js';
export { chooseDialect, type DialectChoice, type SchemaDialect } from './dialect.js';
export { globMatch, globToRegExp } from './glob.js';
export { checkLongRunning, WAIT_ARGUMENT, waitArgumentSchema } from './long-running.js';
export { type AssignedNames, assignToolNames } from './name-assign.js';
export {
  capToolName,
  fullToolName,
  type NameSubject,
  nameHash,
  sanitizeToolName,
  TOOL_NAME_PATTERN,
  toolName,
} from './naming.js';
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
export { remoteAnnotations, toMcpCatalogTool } from './remote-tool.js';
export {
  buildSearchIndex,
  type SearchHit,
  type SearchIndex,
  searchTools,
} from './search/index.js';
export { formatSource } from './source.js';
export type {
  PublishedTool,
  PublishedView,
  RoutedCall,
  RouterBranch,
  ToolRoute,
  ViewSelection,
  ViewSpec,
} from './surface-types.js';
export {
  buildSurface,
  CALL_TOOL,
  INSTANCE_ARG,
  OPERATION_ARG,
  PROVIDER_ARG,
  routeCall,
  routedTools,
  routeFacade,
  routeRouter,
  SEARCH_TOOLS,
  type SurfaceOptions,
} from './surfaces/index.js';
export { pathTemplateNames, systemOperations } from './system.js';
export { inputSchemaFor, titleFromName, toCatalogTool } from './tool.js';
export type {
  BodyMode,
  CatalogTool,
  CatalogToolBase,
  HttpCatalogTool,
  McpCatalogTool,
  OperationAnnotations,
  OperationSpec,
  ParamSpec,
  RemoteToolInfo,
  ToolExecutionInfo,
} from './types.js';
export {
  type ArgumentValidator,
  type ArgumentVerdict,
  createArgumentValidator,
  type ValidatorOptions,
  validateArguments,
} from './validate.js';
export { buildView, buildViews, nameGlobMatcher, selectTools, viewSpecFromConfig } from './views.js';
