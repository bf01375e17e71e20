export {
  type LimiterBackendFactory,
  limiterBackendFactory,
  type StoreFactory,
  storeFactory,
} from './backends.js';
export { CatalogRuntime, type ReloadError } from './catalog-runtime.js';
export {
  createPortico,
  type Portico,
  type PorticoDeps,
  type PorticoOptions,
  type PorticoServices,
} from './create-portico.js';
export {
  buildServing,
  type LoadedCatalog,
  type LoadedSources,
  loadCatalog,
  loadSources,
  type Serving,
} from './load-catalog.js';
export { chooseStore, openChosenStore, requireSharedKey, type StoreChoice } from './open-store.js';
export { type PorticoInstance, type StartOptions, startPortico } from './portico.js';
export { createSecurity, type SecurityOptions, type SecurityServices } from './security.js';
