export { type FileWatcher, watchFiles } from './watch.js';
