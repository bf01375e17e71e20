import { parseArgs } from 'node:util';
import { API_KEY_HEADER, startFlowHub } from './index.js';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '8080' },
    host: { type: 'string', default: '127.0.0.1' },
    db: { type: 'string' },
    seed: { type: 'string' },
    'acme-key': { type: 'string' },
    'globex-key': { type: 'string' },
  },
});

const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`Invalid --port '${values.port}': expected an integer between 0 and 65535.`);
  process.exit(2);
}

let flowhub: Awaited<ReturnType<typeof startFlowHub>>;
try {
  flowhub = await startFlowHub({
    host: values.host,
    port,
    dbPath: values.db,
    seed: values.seed === undefined ? undefined : Number(values.seed),
    apiKeys: { acme: values['acme-key'], globex: values['globex-key'] },
  });
} catch (err) {
  console.error(`FlowHub could not start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
console.log(
  `FlowHub listening on ${flowhub.url}  (API under ${flowhub.url}/api, spec at ${flowhub.url}/openapi.json)`,
);
console.log(`Workspaces (send the key as ${API_KEY_HEADER}: <key>, or Authorization: Bearer <key>):`);
for (const w of flowhub.workspaces) console.log(`  ${w.slug.padEnd(8)} ${w.name.padEnd(12)} ${w.apiKey}`);
const acme = flowhub.workspaces[0]!;
console.log(`Try: curl -s -H '${API_KEY_HEADER}: ${acme.apiKey}' ${flowhub.url}/api/health`);

const stop = (): void => {
  void flowhub.close().then(() => process.exit(0));
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
