export { authenticate, invokedCaller } from './authenticate.js';
export { authorize } from './authorize.js';
export type { Access, EdgeEnv, EdgeVariables, RpcRequest } from './env.js';
export { type ExecuteDeps, execute } from './execute.js';
export { limit, peekLimit } from './limit.js';
export { type BodyLimits, checkMediaTypes, parseJsonRpc } from './parse.js';
export { record } from './record.js';
export { accessFor, LISTING_TOOLS, resolve, resolveListing } from './resolve.js';
