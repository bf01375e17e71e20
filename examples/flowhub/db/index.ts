export { type ErrorContext, type GeneratedError, generateError, runFailureMessage } from './error-catalog.js';
export { newRunId, SeededRandom } from './random.js';
export { MAX_ERRORS_PER_RUN, planFailure, planSuccess, type RunPlan } from './run-plans.js';
export { createRunWriter, type RunErrorContext, type RunWriter } from './run-writer.js';
export { type FlowHubDb, openFlowHubDb } from './schema.js';
export { type SeedOptions, seedFlowHub } from './seed.js';
export { CONNECTOR_SEEDS, type ConnectorSeed } from './seed-connectors.js';
export { cronFor, FLOW_SEEDS, type FlowSeed, failureClassOf } from './seed-flows.js';
export { GLOBEX_CONNECTORS, GLOBEX_FLOWS, GLOBEX_MANUAL_RUNS } from './seed-globex.js';
export * from './types.js';
export {
  API_KEY_HEADER,
  chooseApiKeys,
  type FlowHubApiKeys,
  type FlowHubWorkspace,
  findWorkspaceByKey,
  generateApiKey,
  hashApiKey,
  insertWorkspaces,
  issueApiKeys,
  WORKSPACE_SEEDS,
  type WorkspaceSlug,
} from './workspaces.js';
