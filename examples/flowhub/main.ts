import { parseArgs } from 'node:util';
import { startFlowHub } from './index.js';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '8080' },
    host: { type: 'string', default: '127.0.0.1' },
    db: { type: 'string' },
    seed: { type: 'string' },
  },
});

const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`Invalid --port '${values.port}': expected an integer between 0 and 65535.`);
  process.exit(2);
}

const flowhub = await startFlowHub({
  host: values.host,
  port,
  dbPath: values.db,
  seed: values.seed === undefined ? undefined : Number(values.seed),
});
console.log(
  `FlowHub listening on ${flowhub.url}  (API under ${flowhub.url}/api, spec at ${flowhub.url}/openapi.json)`,
);

const stop = (): void => {
  void flowhub.close().then(() => process.exit(0));
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
