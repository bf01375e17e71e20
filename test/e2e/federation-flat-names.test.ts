// naming.strategy: flat federating server-everything: its prompts, resources and URI templates keep
// the server's own names and URIs, and are gettable, readable, completable and subscribable through
// Portico with real SDK clients. Two servers publishing the same prompt or URI fail fast naming both.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Client } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { PorticoInstance } from '../../src/runtime/index.js';
import { connectClient } from '../support/clients.js';
import { startTestPortico } from '../support/portico.js';
import {
  type AnyClient,
  CLIENT_KINDS,
  type ClientKind,
  type CompleteParams,
  connectDirectAny,
  connectKind,
  freshReferenceState,
  normalized,
  EVERYTHING_PROMPT_CALLS as PROMPT_CALLS,
  REFERENCE_ENTRIES,
  referenceLaunch,
  referenceServersYaml,
} from '../support/reference-servers.js';

const ARCH = 'demo://resource/static/document/architecture.md';
const DYNAMIC = ['demo://resource/dynamic/text/3', 'demo://resource/dynamic/blob/4'];
const COMPLETIONS: CompleteParams[] = [
  { ref: { type: 'ref/prompt', name: 'completable-prompt' }, argument: { name: 'department', value: 'E' } },
  {
    ref: { type: 'ref/resource', uri: 'demo://resource/dynamic/text/{resourceId}' },
    argument: { name: 'resourceId', value: '1' },
  },
];
const GZIP = { name: 'flat.gz', data: 'data:text/plain;base64,aGVsbG8=' };
const SCOPES = ['mcp.tools.discovery', 'mcp.tools.invoke', 'mcp.tools.write'];

/** What server-everything answers directly. */
interface Reference {
  resources: { uri: string }[];
  templates: { uriTemplate: string }[];
  prompts: { name: string }[];
  reads: unknown[];
  gets: unknown[];
  completions: unknown[];
  /** The resource gzip-file-as-resource made, and its contents. */
  session: { uri: string; read: unknown };
}

async function readAll(client: AnyClient, uris: string[]): Promise<unknown[]> {
  const out: unknown[] = [];
  for (const uri of uris) out.push(normalized(await client.readResource(uri)));
  return out;
}

/** A tenant with a token, so each client kind gets its own server-everything instance. */
async function tokenFor(portico: PorticoInstance, id: string): Promise<Record<string, string>> {
  await portico.security.access.createTenant({ id, name: id });
  const { secret } = await portico.security.access.createToken({ tenantId: id, label: id, scopes: SCOPES });
  return { Authorization: `Bearer ${secret}` };
}

describe('naming.strategy: flat: server-everything through Portico under its own names', () => {
  let reference: Reference;
  let portico: PorticoInstance;

  beforeAll(async () => {
    const state = freshReferenceState();
    const direct = await connectDirectAny(referenceLaunch(state).everything);
    try {
      const resources = (await direct.listResources()).resources;
      const reads = await readAll(direct, [...resources.map((r) => r.uri), ...DYNAMIC]);
      const gets: unknown[] = [];
      for (const [name, args] of PROMPT_CALLS) gets.push(normalized(await direct.getPrompt(name, args)));
      const completions: unknown[] = [];
      for (const params of COMPLETIONS) completions.push(normalized(await direct.complete(params)));
      await direct.callTool('gzip-file-as-resource', GZIP);
      const made = (await direct.listResources()).resources.find((r) => r.uri.endsWith(GZIP.name));
      if (made === undefined) throw new Error('server-everything made no session resource');
      reference = {
        resources,
        templates: (await direct.listResourceTemplates()).resourceTemplates,
        prompts: (await direct.listPrompts()).prompts,
        reads,
        gets,
        completions,
        session: { uri: made.uri, read: normalized(await direct.readResource(made.uri)) },
      };
    } finally {
      await direct.close();
    }
    const yaml = referenceServersYaml(state).filter((_line, i, all) => i < all.indexOf('  memory:'));
    const file = join(state.dir, 'portico.yaml');
    writeFileSync(file, `naming:\n  strategy: flat\n${yaml.join('\n')}\n`);
    portico = await startTestPortico(file, {}, { noAuth: false });
  }, 60_000);
  afterAll(async () => {
    await portico?.close();
  });

  for (const kind of CLIENT_KINDS) {
    describe(`with the ${kind} client`, () => {
      let client: AnyClient;
      beforeAll(async () => {
        client = await connectKind(kind, portico.mcpUrl, await tokenFor(portico, `flat-${kind}`));
      });
      afterAll(async () => {
        await client?.close();
      });

      it("lists prompts, resources and URI templates under the server's own names and URIs", async () => {
        expect(reference.prompts.length).toBeGreaterThan(0);
        expect((await client.listPrompts()).prompts).toEqual(reference.prompts);
        expect((await client.listResources()).resources).toEqual(reference.resources);
        expect((await client.listResourceTemplates()).resourceTemplates).toEqual(reference.templates);
      });

      it('reads every resource and template-made resource by its own URI, contents as directly', async () => {
        const through = await readAll(client, [...reference.resources.map((r) => r.uri), ...DYNAMIC]);
        expect(through).toEqual(reference.reads);
      });

      it('gets every prompt by its own name, messages as directly', async () => {
        const gets: unknown[] = [];
        for (const [name, args] of PROMPT_CALLS) gets.push(normalized(await client.getPrompt(name, args)));
        expect(gets).toEqual(reference.gets);
      });

      it('completes a prompt argument and a URI template variable by their own names', async () => {
        const through: unknown[] = [];
        for (const params of COMPLETIONS) through.push(normalized(await client.complete(params)));
        expect(through).toEqual(reference.completions);
      });

      it('reads a resource a tool call made at run time (the only server offering resources owns it)', async () => {
        const made = (await client.callTool('gzip-file-as-resource', GZIP)) as { isError?: boolean };
        expect(made.isError).toBeFalsy();
        expect((await client.listResources()).resources.map((r) => r.uri)).toContain(reference.session.uri);
        expect(normalized(await client.readResource(reference.session.uri))).toEqual(reference.session.read);
      });
    });
  }

  const SUBSCRIBERS: [ClientKind, 'modern' | 'legacy'][] = [
    ['v2-2026-07-28', 'modern'],
    ['v2-legacy', 'legacy'],
  ];
  for (const [kind, era] of SUBSCRIBERS) {
    it(`${kind}: subscribes to the server's own URI and gets notifications/resources/updated with it`, async () => {
      const client: Client = await connectClient(portico.mcpUrl, era, await tokenFor(portico, `subs-${era}`));
      const updated: string[] = [];
      client.setNotificationHandler(
        'notifications/resources/updated',
        (n) => void updated.push(n.params.uri),
      );
      try {
        let stop = async () => undefined as unknown;
        if (era === 'legacy') {
          await client.subscribeResource({ uri: ARCH });
          stop = () => client.unsubscribeResource({ uri: ARCH });
        } else {
          const sub = await client.listen({ resourceSubscriptions: [ARCH] });
          expect(sub.honoredFilter.resourceSubscriptions).toEqual([ARCH]);
          stop = () => sub.close();
        }
        // server-everything sends an update for each subscribed URI at once, then every 5 s.
        await client.callTool({ name: 'toggle-subscriber-updates', arguments: {} });
        await vi.waitFor(() => expect(updated).toContain(ARCH), { timeout: 10_000 });
        expect(new Set(updated)).toEqual(new Set([ARCH]));
        await stop();
      } finally {
        await client.close();
      }
    });
  }
});

describe('naming.strategy: flat: two servers publishing the same prompts and URIs', () => {
  let portico: PorticoInstance;

  beforeAll(async () => {
    const state = freshReferenceState();
    const server = (name: string) => [
      `  ${name}:`,
      `    command: ${JSON.stringify(process.execPath)}`,
      `    args: ${JSON.stringify([REFERENCE_ENTRIES.everything, 'stdio'])}`,
      '    isolation: shared',
    ];
    const file = join(state.dir, 'portico.yaml');
    // Tools are suffixed (naming.on_collision); prompts and resource URIs always fail fast.
    writeFileSync(
      file,
      [
        'naming:',
        '  strategy: flat',
        '  on_collision: suffix',
        'mcp_servers:',
        ...server('one'),
        ...server('two'),
        '',
      ].join('\n'),
    );
    portico = await startTestPortico(file);
  }, 60_000);
  afterAll(async () => {
    await portico?.close();
  });

  for (const kind of ['v2-2026-07-28', 'v2-legacy'] as const) {
    it(`${kind}: prompts/list, prompts/get, resources/list, templates/list and resources/read fail naming both owners`, async () => {
      const client = await connectKind(kind, portico.mcpUrl);
      try {
        const both = (what: string) =>
          new RegExp(
            `${what} collision: "([^"]+)" is both \\w+ "\\1" of MCP server "one" and \\w+ "\\1" of MCP server "two"`,
          );
        await expect(client.listPrompts()).rejects.toMatchObject({
          code: -32603,
          message: expect.stringMatching(both('Prompt name')),
        });
        await expect(client.getPrompt('simple-prompt')).rejects.toMatchObject({
          message: expect.stringMatching(both('Prompt name')),
        });
        await expect(client.listResources()).rejects.toMatchObject({
          code: -32603,
          message: expect.stringMatching(both('Resource URI')),
        });
        await expect(client.listResourceTemplates()).rejects.toMatchObject({
          code: -32603,
          message: expect.stringMatching(both('Resource URI template')),
        });
        await expect(client.readResource(ARCH)).rejects.toMatchObject({
          code: -32603,
          message: expect.stringMatching(both('Resource URI')),
        });
        // The tools themselves are published (the second server's suffixed).
        const tools = (await client.listTools()).tools.map((t) => t.name);
        expect(tools).toEqual(expect.arrayContaining(['echo', 'echo_2']));
      } finally {
        await client.close();
      }
    });
  }
});

describe('a reload that changes naming republishes prompts and resource URIs', () => {
  let portico: PorticoInstance;
  let file = '';
  let servers: string[] = [];

  beforeAll(async () => {
    const state = freshReferenceState();
    servers = referenceServersYaml(state, { everything: ['isolation: shared'] }).filter(
      (_line, i, all) => i < all.indexOf('  memory:'),
    );
    file = join(state.dir, 'portico.yaml');
    writeFileSync(file, `${servers.join('\n')}\n`);
    portico = await startTestPortico(file);
  }, 60_000);
  afterAll(async () => {
    await portico?.close();
  });

  it('namespaced, then flat after the reload (v2 legacy client)', async () => {
    const before = await connectKind('v2-legacy', portico.mcpUrl);
    try {
      expect((await before.listPrompts()).prompts.map((p) => p.name)).toContain('everything.simple-prompt');
      expect((await before.listResources()).resources.map((r) => r.uri)).toContain(
        `portico:everything/${ARCH}`,
      );
    } finally {
      await before.close();
    }
    writeFileSync(file, `naming:\n  strategy: flat\n${servers.join('\n')}\n`);
    expect(await portico.reload()).toBe(true);
    const after = await connectKind('v2-legacy', portico.mcpUrl);
    try {
      expect((await after.listPrompts()).prompts.map((p) => p.name)).toContain('simple-prompt');
      expect((await after.listResources()).resources.map((r) => r.uri)).toContain(ARCH);
      const read = (await after.readResource(ARCH)) as { contents: { uri: string }[] };
      expect(read.contents.map((c) => c.uri)).toEqual([ARCH]);
    } finally {
      await after.close();
    }
  });
});
