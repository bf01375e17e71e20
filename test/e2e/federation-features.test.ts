import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { PorticoInstance } from '../../src/runtime/index.js';
import { startTestPortico } from '../support/portico.js';
import {
  type AnyClient,
  CLIENT_KINDS,
  type CompleteParams,
  connectDirectAny,
  connectKind,
  freshReferenceState,
  normalized,
  ownUris,
  EVERYTHING_PROMPT_CALLS as PROMPT_CALLS,
  publishedLinks,
  referenceLaunch,
  referenceServersYaml,
} from '../support/reference-servers.js';

const NS = 'portico:everything/';
const COMPLETIONS: CompleteParams[] = [
  { ref: { type: 'ref/prompt', name: 'completable-prompt' }, argument: { name: 'department', value: 'E' } },
  {
    ref: { type: 'ref/prompt', name: 'completable-prompt' },
    argument: { name: 'name', value: '' },
    context: { arguments: { department: 'Engineering' } },
  },
  {
    ref: { type: 'ref/resource', uri: 'demo://resource/dynamic/text/{resourceId}' },
    argument: { name: 'resourceId', value: '1' },
  },
];

/** What server-everything answers directly: the reference for every comparison below. */
interface Reference {
  resources: { uri: string }[];
  templates: { uriTemplate: string }[];
  reads: unknown[];
  prompts: { name: string }[];
  gets: unknown[];
  completions: unknown[];
  /** resources/list after gzip-file-as-resource made a session resource. */
  afterGzip: { uri: string }[];
}
const GZIP = { name: 'hi.gz', data: 'data:text/plain;base64,aGVsbG8=' };

const withNs = <T extends { uri: string }>(r: T): T => ({ ...r, uri: NS + r.uri });

async function readAll(client: AnyClient, uris: string[]): Promise<unknown[]> {
  const out: unknown[] = [];
  for (const uri of uris) out.push(normalized(await client.readResource(uri)));
  return out;
}

describe('resources, prompts and completions of server-everything through Portico', () => {
  let reference: Reference;
  let portico: PorticoInstance;
  const dynamic = ['demo://resource/dynamic/text/3', 'demo://resource/dynamic/blob/4'];

  beforeAll(async () => {
    const state = freshReferenceState();
    const direct = await connectDirectAny(referenceLaunch(state).everything);
    try {
      const resources = (await direct.listResources()).resources;
      const reads = await readAll(direct, [...resources.map((r) => r.uri), ...dynamic]);
      const gets: unknown[] = [];
      for (const [name, args] of PROMPT_CALLS) gets.push(normalized(await direct.getPrompt(name, args)));
      const completions: unknown[] = [];
      for (const params of COMPLETIONS) completions.push(normalized(await direct.complete(params)));
      await direct.callTool('gzip-file-as-resource', GZIP);
      const afterGzip = (await direct.listResources()).resources;
      reference = {
        afterGzip,
        resources,
        templates: (await direct.listResourceTemplates()).resourceTemplates,
        reads,
        prompts: (await direct.listPrompts()).prompts,
        gets,
        completions,
      };
    } finally {
      await direct.close();
    }
    const file = join(state.dir, 'portico.yaml');
    writeFileSync(file, `${referenceServersYaml(state).join('\n')}\n`);
    portico = await startTestPortico(file);
  }, 60_000);
  afterAll(async () => {
    await portico?.close();
  });

  for (const kind of CLIENT_KINDS) {
    describe(`with the ${kind} client`, () => {
      let client: AnyClient;
      beforeAll(async () => {
        client = await connectKind(kind, portico.mcpUrl);
      });
      afterAll(async () => {
        await client?.close();
      });

      it('lists resources and templates under portico:everything/ URIs', async () => {
        expect(reference.resources.length).toBeGreaterThan(0);
        const mine = (await client.listResources()).resources.filter((r) => r.uri.startsWith(NS));
        expect(mine).toEqual(reference.resources.map(withNs));
        const templates = (await client.listResourceTemplates()).resourceTemplates.filter((t) =>
          t.uriTemplate.startsWith(NS),
        );
        expect(templates).toEqual(
          reference.templates.map((t) => ({ ...t, uriTemplate: NS + t.uriTemplate })),
        );
      });

      it('reads every resource and template-made resource with the direct contents', async () => {
        const uris = [...reference.resources.map((r) => r.uri), ...dynamic];
        const through = await readAll(
          client,
          uris.map((u) => NS + u),
        );
        const expected = (reference.reads as { contents: { uri: string }[] }[]).map((r) => ({
          ...r,
          contents: r.contents.map(withNs),
        }));
        expect(through).toEqual(expected);
      });

      it('lists prompts as everything.<name> and gets each with the direct messages', async () => {
        expect((await client.listPrompts()).prompts).toEqual(
          reference.prompts.map((p) => ({ ...p, name: `everything.${p.name}` })),
        );
        const gets: unknown[] = [];
        for (const [name, args] of PROMPT_CALLS) {
          const got = await client.getPrompt(`everything.${name}`, args);
          // An embedded resource names the server's resource as Portico publishes it, readable here.
          for (const m of (got as { messages: { content: unknown }[] }).messages) {
            for (const uri of publishedLinks({ content: [m.content] })) {
              expect(uri.startsWith(NS), uri).toBe(true);
              expect((await client.readResource(uri)).contents[0]?.uri).toBe(uri);
            }
          }
          gets.push(normalized(ownUris(got, 'everything')));
        }
        expect(gets).toEqual(reference.gets);
      });

      it('completes prompt and resource-template arguments like the server does', async () => {
        const through: unknown[] = [];
        for (const params of COMPLETIONS) {
          const ref =
            params.ref.type === 'ref/prompt'
              ? { ...params.ref, name: `everything.${params.ref.name}` }
              : { ...params.ref, uri: NS + params.ref.uri };
          through.push(normalized(await client.complete({ ...params, ref })));
        }
        expect(through).toEqual(reference.completions);
      });

      it('relays the log message the server sends during a call', async () => {
        const logs: { level: string; data: unknown }[] = [];
        client.onLog((m) => logs.push(m));
        await client.setLoggingLevel('debug');
        await client.callTool('everything.toggle-simulated-logging', {});
        await client.callTool('everything.toggle-simulated-logging', {});
        await vi.waitFor(() =>
          expect(logs).toContainEqual(
            expect.objectContaining({ data: expect.stringMatching(/-level message|level-message/) }),
          ),
        );
      });

      it('answers an unknown prompt or resource with an invalid-params error naming it', async () => {
        await expect(client.getPrompt('everything.nope')).rejects.toMatchObject({
          code: -32602,
          message: expect.stringContaining('everything.nope'),
        });
        await expect(
          client.readResource('demo://resource/static/document/architecture.md'),
        ).rejects.toMatchObject({
          code: -32602,
          message: expect.stringContaining('portico:<server>/<uri>'),
        });
      });
    });
  }

  // Runs after every client kind above: it adds a resource to the (dev) tenant's instance.
  describe('resources a tool call creates', () => {
    it('appear in resources/list of the tenant whose instance made them, as directly', async () => {
      const client = await connectKind('v2-legacy', portico.mcpUrl);
      try {
        const made = (await client.callTool('everything.gzip-file-as-resource', GZIP)) as {
          isError?: boolean;
        };
        expect(made.isError).toBeFalsy();
        const mine = (await client.listResources()).resources.filter((r) => r.uri.startsWith(NS));
        expect(reference.afterGzip.length).toBe(reference.resources.length + 1);
        expect(mine).toEqual(reference.afterGzip.map(withNs));
      } finally {
        await client.close();
      }
    });
  });
});
