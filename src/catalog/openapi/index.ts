export type {
  OpenApiDocument,
  OpenApiMediaType,
  OpenApiOperation,
  OpenApiParameter,
  OpenApiPathItem,
  OpenApiRequestBody,
  OpenApiServer,
} from './document.js';
export { createOperationFilter, type FilterCandidate, type OperationFilter } from './filter.js';
export { loadOpenApiDocument } from './load.js';
export { fallbackOperationName, sanitizeOperationId } from './names.js';
export { type OpenApiImport, openApiToOperations } from './operations.js';
export { createSchemaConverter } from './schema.js';
