export {
  type BoundedParse,
  DEFAULT_MAX_JSON_DEPTH,
  jsonTextDepth,
  parseBoundedJson,
  valueDeeperThan,
} from './depth.js';
