export { connectorHealth, connectorRoutes } from './connectors.js';
export { type FlowHubEnv, type RouteContext, workspaceOf } from './context.js';
export { flowRoutes } from './flows.js';
export { healthRoutes, systemHealth } from './health.js';
export { openApiRoutes } from './openapi.js';
export { runRoutes } from './runs.js';
export { workspaceRoutes } from './workspace.js';
