export { createHttpApp, type HttpApp, type HttpAppOptions } from './app.js';
export { listen, type NodeHttpServer } from './node.js';
export { createSessionIds, type SessionIds } from './session-id.js';
