export { type LoadedCatalog, loadCatalog } from './load-catalog.js';
export { type PorticoInstance, type StartOptions, startPortico } from './portico.js';
