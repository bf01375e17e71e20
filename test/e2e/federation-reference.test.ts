import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Client } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PorticoInstance } from '../../src/runtime/index.js';
import { startTestPortico } from '../support/portico.js';
import {
  type AnyClient,
  CLIENT_KINDS,
  connectDirect,
  connectKind,
  freshReferenceState,
  normalized,
  ownUris,
  publishedLinks,
  type ReferenceState,
  referenceLaunch,
  referenceServersYaml,
} from '../support/reference-servers.js';

type Server = 'everything' | 'memory' | 'filesystem';
type Step = { tool: string; args: Record<string, unknown> };

/** One call of every tool of each reference server, in an order that exercises their state. */
function script(state: ReferenceState): Record<Server, Step[]> {
  const at = (p: string): string => join(state.root, p);
  return {
    everything: [
      { tool: 'echo', args: { message: 'hi' } },
      { tool: 'get-annotated-message', args: { messageType: 'error', includeImage: true } },
      { tool: 'get-env', args: {} },
      { tool: 'get-resource-links', args: { count: 2 } },
      { tool: 'get-resource-reference', args: { resourceType: 'Blob', resourceId: 2 } },
      { tool: 'get-structured-content', args: { location: 'Chicago' } },
      { tool: 'get-sum', args: { a: 2, b: 3.5 } },
      { tool: 'get-tiny-image', args: {} },
      { tool: 'gzip-file-as-resource', args: { name: 'hi.gz', data: 'data:text/plain;base64,aGVsbG8=' } },
      { tool: 'toggle-simulated-logging', args: {} },
      { tool: 'toggle-simulated-logging', args: {} },
      { tool: 'toggle-subscriber-updates', args: {} },
      { tool: 'toggle-subscriber-updates', args: {} },
      { tool: 'trigger-long-running-operation', args: { duration: 0.2, steps: 2 } },
      // Declares execution.taskSupport "required": a plain call is refused the same way directly.
      { tool: 'simulate-research-query', args: { topic: 'gateways' } },
    ],
    memory: [
      {
        tool: 'create_entities',
        args: {
          entities: [
            { name: 'Ada', entityType: 'person', observations: ['writes code'] },
            { name: 'Portico', entityType: 'project', observations: ['MCP gateway'] },
          ],
        },
      },
      {
        tool: 'create_relations',
        args: { relations: [{ from: 'Ada', to: 'Portico', relationType: 'builds' }] },
      },
      { tool: 'add_observations', args: { observations: [{ entityName: 'Ada', contents: ['likes tea'] }] } },
      { tool: 'read_graph', args: {} },
      { tool: 'search_nodes', args: { query: 'tea' } },
      { tool: 'open_nodes', args: { names: ['Portico'] } },
      {
        tool: 'delete_observations',
        args: { deletions: [{ entityName: 'Ada', observations: ['likes tea'] }] },
      },
      {
        tool: 'delete_relations',
        args: { relations: [{ from: 'Ada', to: 'Portico', relationType: 'builds' }] },
      },
      { tool: 'delete_entities', args: { entityNames: ['Portico'] } },
      { tool: 'read_graph', args: {} },
    ],
    filesystem: [
      { tool: 'list_allowed_directories', args: {} },
      { tool: 'read_file', args: { path: at('hello.txt') } },
      { tool: 'read_text_file', args: { path: at('hello.txt'), head: 2 } },
      { tool: 'read_media_file', args: { path: at('pixel.png') } },
      { tool: 'read_multiple_files', args: { paths: [at('hello.txt'), at('docs/notes.md')] } },
      { tool: 'write_file', args: { path: at('new.txt'), content: 'new text\n' } },
      { tool: 'edit_file', args: { path: at('new.txt'), edits: [{ oldText: 'new', newText: 'edited' }] } },
      { tool: 'create_directory', args: { path: at('made') } },
      { tool: 'list_directory', args: { path: state.root } },
      { tool: 'list_directory_with_sizes', args: { path: state.root, sortBy: 'name' } },
      { tool: 'directory_tree', args: { path: state.root } },
      { tool: 'move_file', args: { source: at('new.txt'), destination: at('made/new.txt') } },
      { tool: 'search_files', args: { path: state.root, pattern: '**/*.md' } },
      { tool: 'get_file_info', args: { path: at('hello.txt') } },
      // Outside the root: the server's own refusal passes through unchanged.
      { tool: 'read_text_file', args: { path: '/etc/hostname' } },
    ],
  };
}

async function runDirect(state: ReferenceState): Promise<Record<Server, unknown[]>> {
  const launch = referenceLaunch(state);
  const out = {} as Record<Server, unknown[]>;
  for (const [server, steps] of Object.entries(script(state)) as [Server, Step[]][]) {
    const client: Client = await connectDirect(launch[server]);
    try {
      const listed = (await client.listTools()).tools.map((t) => t.name).sort();
      expect([...new Set(steps.map((s) => s.tool))].sort(), `script covers every tool of ${server}`).toEqual(
        listed,
      );
      out[server] = [];
      for (const step of steps) {
        out[server].push(
          normalized(await client.callTool({ name: step.tool, arguments: step.args }), state.root),
        );
      }
    } finally {
      await client.close();
    }
  }
  return out;
}

describe('the official reference servers through Portico give the same results as directly', () => {
  let direct: Record<Server, unknown[]>;

  beforeAll(async () => {
    direct = await runDirect(freshReferenceState());
  }, 60_000);

  for (const kind of CLIENT_KINDS) {
    describe(`with the ${kind} client`, () => {
      let state: ReferenceState;
      let portico: PorticoInstance;
      let client: AnyClient;

      beforeAll(async () => {
        state = freshReferenceState();
        const file = join(state.dir, 'portico.yaml');
        writeFileSync(file, `${referenceServersYaml(state).join('\n')}\n`);
        portico = await startTestPortico(file);
        client = await connectKind(kind, portico.mcpUrl);
      }, 60_000);
      afterAll(async () => {
        await client?.close();
        await portico?.close();
      });

      it('lists every tool of the three servers under their namespaces', async () => {
        const names = (await client.listTools()).tools.map((t) => t.name);
        for (const [server, steps] of Object.entries(script(state))) {
          for (const step of steps) expect(names).toContain(`${server}.${step.tool}`);
        }
      });

      for (const server of ['everything', 'memory', 'filesystem'] as Server[]) {
        it(`calls every tool of ${server} with the direct result`, async () => {
          const steps = script(state)[server];
          const through: unknown[] = [];
          const expected: unknown[] = [];
          const links: string[] = [];
          for (const [i, step] of steps.entries()) {
            const name = `${server}.${step.tool}`;
            if (kind === 'v1' && step.tool === 'simulate-research-query') {
              // Portico lists its execution.taskSupport "required" (2025-11-25), and SDK v1 refuses
              // locally to call such a tool without a task, as it does calling the server directly.
              await expect(client.callTool(name, step.args)).rejects.toThrow(/requires task-based execution/);
              continue;
            }
            const result = await client.callTool(name, step.args);
            links.push(...publishedLinks(result));
            through.push(normalized(ownUris(result, server), state.root));
            expected.push(direct[server][i]);
          }
          expect(through).toEqual(expected);
          // The resources results name are published as Portico publishes the server's resources,
          // and each can be read through Portico.
          if (server === 'everything') expect(links.length).toBeGreaterThan(0);
          for (const uri of links) {
            expect(uri.startsWith(`portico:${server}/`), uri).toBe(true);
            expect((await client.readResource(uri)).contents[0]?.uri).toBe(uri);
          }
        }, 60_000);
      }

      it('answers bad arguments of a draft-07 schema as a tool error, not -32603', async () => {
        const result = (await client.callTool('everything.echo', { message: 42 })) as {
          isError?: boolean;
          content: { text: string }[];
        };
        expect(result.isError).toBe(true);
        expect(result.content[0]!.text).toMatch(/argument "message": must be string \(found 42\)/);
      });
    });
  }
});
