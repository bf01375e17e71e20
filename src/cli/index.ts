export { CliContext } from './context.js';
export { type CliInput, type CliIo, type CliOutput, type CliSignal, nodeIo } from './io.js';
export { isMainModule } from './main-module.js';
export { runCli } from './run.js';
