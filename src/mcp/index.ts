export { createServerFactory, type RequestFacts, requestAuthInfo, SERVER_INFO } from './server-factory.js';
