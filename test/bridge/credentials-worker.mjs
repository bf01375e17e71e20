// Child process for credentials.test.ts: N locked read-modify-write updates of one credentials file.
import { CredentialsStore } from '../../dist/src/bridge/credentials.js';

const [file, id, rounds] = process.argv.slice(2);
const store = new CredentialsStore(file);
for (let i = 0; i < Number(rounds); i++) {
  await store.update((f) => {
    const counter = f.gateways['counter://shared'];
    const n = counter?.kind === 'token' ? Number(counter.token) : 0;
    f.gateways['counter://shared'] = { kind: 'token', token: String(n + 1), saved_at: '' };
    f.gateways[`https://g${id}-${i}.example/mcp`] = { kind: 'token', token: `mcp_${id}_${i}`, saved_at: '' };
    return f;
  });
}
