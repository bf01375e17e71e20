import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { PorticoInstance } from '../../src/runtime/index.js';
import { startTestPortico } from '../support/portico.js';
import {
  type AnyClient,
  connectKind,
  freshReferenceState,
  referenceServersYaml,
} from '../support/reference-servers.js';

describe('a federated server’s resources/list_changed', () => {
  let portico: PorticoInstance;
  let client: AnyClient;

  beforeAll(async () => {
    const state = freshReferenceState();
    const file = join(state.dir, 'portico.yaml');
    const yaml = referenceServersYaml(state, { everything: ['isolation: shared'] });
    writeFileSync(file, `${yaml.join('\n')}\n`);
    portico = await startTestPortico(file);
    client = await connectKind('v2-legacy', portico.mcpUrl);
  }, 60_000);
  afterAll(async () => {
    await client?.close();
    await portico?.close();
  });

  it('refreshes the published resources (a shared server made a session resource)', async () => {
    const uri = 'portico:everything/demo://resource/session/made.gz';
    expect((await client.listResources()).resources.map((r) => r.uri)).not.toContain(uri);
    const made = (await client.callTool('everything.gzip-file-as-resource', {
      name: 'made.gz',
      data: 'data:text/plain;base64,aGVsbG8=',
    })) as { isError?: boolean };
    expect(made.isError).toBeFalsy();
    await vi.waitFor(async () =>
      expect((await client.listResources()).resources.map((r) => r.uri)).toContain(uri),
    );
  });
});
