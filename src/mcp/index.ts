export { createServerFactory, type RequestFacts, SERVER_INFO } from './server-factory.js';
