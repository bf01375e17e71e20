import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  Client,
  type ClientCapabilities,
  UrlElicitationRequiredError as ClientUrlElicitationRequiredError,
  StreamableHTTPClientTransport,
} from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { Client as V1Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport as V1Transport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ElicitRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { UrlElicitationRequiredError } from '@modelcontextprotocol/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PorticoInstance } from '../../src/runtime/index.js';
import { type HttpFixture, startHttpFixture } from '../fixtures/mcp/http-server.js';
import { connectClient } from '../support/clients.js';
import { startTestPortico } from '../support/portico.js';
import { REFERENCE_ENTRIES } from '../support/reference-servers.js';

/**
 * A server's JSON-RPC error -32042 (URL elicitation required, 2025-11-25) through Portico: passed on
 * unchanged to 2025-11-25 callers that declared `elicitation.url` (SDK v2 legacy, SDK v1), an isError
 * result naming the URLs for the others (no `elicitation.url`; 2026-07-28 callers).
 */

const URL_CAPABLE: ClientCapabilities = { elicitation: { form: {}, url: {} } };
const FORM_ONLY: ClientCapabilities = { elicitation: { form: {} } };

/** The fixture's -32042: two URLs, fixed elicitation ids (so "unchanged" can be checked exactly). */
const CONSENTS = [
  {
    mode: 'url' as const,
    url: 'https://auth.example.com/authorize?client=portico&state=s-1',
    message: 'Sign in to Example Drive',
    elicitationId: 'consent-drive-1',
  },
  {
    mode: 'url' as const,
    url: 'https://pay.example.com/setup',
    message: 'Add a payment method',
    elicitationId: 'consent-pay-2',
  },
];
const CONSENT_MESSAGE = 'Example Drive needs your consent first.';

interface WireError {
  code: number;
  message: string;
  data: unknown;
}
interface ToolResult {
  isError?: boolean;
  content: { type: string; text?: string }[];
  structuredContent?: Record<string, unknown>;
}

/** The error a call rejects with (fails the test when it resolves). */
async function rejection(call: Promise<unknown>): Promise<WireError & { error: unknown }> {
  const outcome = await call.then(
    (result) => ({ resolved: result }),
    (error: unknown) => ({ error }),
  );
  if (!('error' in outcome)) throw new Error(`expected -32042, got ${JSON.stringify(outcome.resolved)}`);
  const e = outcome.error as WireError;
  return { code: e.code, message: e.message, data: e.data, error: outcome.error };
}

/** server-everything's prerequisite elicitation id is a fresh UUID per call: compare the rest. */
function withoutIds(data: unknown): unknown {
  const list = (data as { elicitations: Record<string, unknown>[] }).elicitations;
  return {
    elicitations: list.map(({ elicitationId, ...rest }) => ({
      ...rest,
      elicitationId: typeof elicitationId,
    })),
  };
}

/** SDK v1 prefixes the JSON-RPC message with `MCP error <code>: `. */
const v1Message = (message: string) => message.replace(/^MCP error -?\d+: /, '');

function v2Client(capabilities: ClientCapabilities, onUrl?: (params: unknown) => void): Client {
  const client = new Client(
    { name: 'direct', version: '1.0.0' },
    { capabilities, versionNegotiation: { mode: 'legacy' } },
  );
  client.setRequestHandler('elicitation/create', async (req) => {
    onUrl?.(req.params);
    return { action: 'accept' };
  });
  return client;
}

describe('URL elicitation required (-32042) of a federated server', () => {
  let consent: HttpFixture;
  let portico: PorticoInstance;
  /** What the servers answer a 2025-11-25 client declaring elicitation.url directly. */
  let direct: { consent: WireError; prompt: WireError; everything: WireError };

  beforeAll(async () => {
    consent = await startHttpFixture({
      token: 'consent-secret',
      era: 'legacy',
      tools: [
        {
          tool: {
            name: 'read_drive',
            description: 'Reads a file of Example Drive once the user consented.',
            inputSchema: { type: 'object', properties: { path: { type: 'string' } } },
          },
          run: () => {
            throw new UrlElicitationRequiredError(CONSENTS, CONSENT_MESSAGE);
          },
        },
      ],
      prompts: [
        {
          prompt: {
            name: 'summarize_drive',
            description: 'Summarizes Example Drive once the user consented.',
          },
          get: () => {
            throw new UrlElicitationRequiredError(CONSENTS, CONSENT_MESSAGE);
          },
        },
      ],
    });
    const viaHttp = v2Client(URL_CAPABLE);
    await viaHttp.connect(
      new StreamableHTTPClientTransport(new URL(consent.url), {
        requestInit: { headers: { Authorization: 'Bearer consent-secret' } },
      }),
    );
    const viaStdio = v2Client(URL_CAPABLE);
    await viaStdio.connect(
      new StdioClientTransport({
        command: process.execPath,
        args: [REFERENCE_ENTRIES.everything, 'stdio'],
        stderr: 'pipe',
      }),
    );
    try {
      direct = {
        consent: await rejection(viaHttp.callTool({ name: 'read_drive', arguments: { path: '/a' } })),
        prompt: await rejection(viaHttp.getPrompt({ name: 'summarize_drive' })),
        everything: await rejection(
          viaStdio.callTool({
            name: 'trigger-url-elicitation',
            arguments: { url: 'https://example.com/direct', message: 'Consent', errorPath: true },
          }),
        ),
      };
    } finally {
      await viaHttp.close();
      await viaStdio.close();
    }

    const file = join(mkdtempSync(join(tmpdir(), 'portico-urlelic-')), 'portico.yaml');
    writeFileSync(
      file,
      [
        'mcp_servers:',
        '  drive:',
        // biome-ignore lint/suspicious/noTemplateCurlyInString: a literal ${VAR} reference in YAML
        '    url: ${CONSENT_URL}',
        '    bearer: consent-secret',
        '  everything:',
        `    command: ${JSON.stringify(process.execPath)}`,
        `    args: ${JSON.stringify([REFERENCE_ENTRIES.everything, 'stdio'])}`,
        '    timeout_ms: 20000',
        '',
      ].join('\n'),
    );
    portico = await startTestPortico(file, { CONSENT_URL: consent.url });
  }, 60_000);
  afterAll(async () => {
    await portico?.close();
    await consent?.close();
  });

  it('the servers answer -32042 directly (the reference for what follows)', () => {
    expect(direct.prompt).toMatchObject({
      code: -32042,
      message: CONSENT_MESSAGE,
      data: { elicitations: CONSENTS },
    });
    expect(direct.consent).toMatchObject({
      code: -32042,
      message: CONSENT_MESSAGE,
      data: { elicitations: CONSENTS },
    });
    expect(direct.everything.code).toBe(-32042);
    expect(withoutIds(direct.everything.data)).toEqual({
      elicitations: [
        {
          mode: 'url',
          url: 'https://modelcontextprotocol.io',
          message: 'Open this link to satisfy the prerequisite, then retry the request.',
          elicitationId: 'string',
        },
      ],
    });
  });

  it('passes -32042 unchanged to an SDK v2 2025-11-25 client that declared elicitation.url', async () => {
    const client = await connectClient(portico.mcpUrl, 'legacy', undefined, { capabilities: URL_CAPABLE });
    try {
      const got = await rejection(client.callTool({ name: 'drive.read_drive', arguments: { path: '/a' } }));
      expect(got.error).toBeInstanceOf(ClientUrlElicitationRequiredError);
      expect({ code: got.code, message: got.message, data: got.data }).toEqual({
        code: direct.consent.code,
        message: direct.consent.message,
        data: direct.consent.data,
      });
      expect((got.error as ClientUrlElicitationRequiredError).elicitations).toEqual(CONSENTS);

      const ref = await rejection(
        client.callTool({
          name: 'everything.trigger-url-elicitation',
          arguments: { url: 'https://example.com/v2-legacy', message: 'Consent', errorPath: true },
        }),
      );
      expect(ref.code).toBe(direct.everything.code);
      expect(ref.message).toBe(direct.everything.message);
      expect(withoutIds(ref.data)).toEqual(withoutIds(direct.everything.data));
    } finally {
      await client.close();
    }
  });

  it('lets that client retry once the user opened the URL: the call then proceeds (server-everything)', async () => {
    const asked: unknown[] = [];
    const client = await connectClient(portico.mcpUrl, 'legacy', undefined, { capabilities: URL_CAPABLE });
    client.setRequestHandler('elicitation/create', async (req) => {
      asked.push(req.params);
      return { action: 'accept' };
    });
    const call = {
      name: 'everything.trigger-url-elicitation',
      arguments: {
        url: 'https://example.com/retry',
        message: 'Consent',
        elicitationId: 'retry-1',
        errorPath: true,
      },
    };
    try {
      const first = await rejection(client.callTool(call));
      expect(first.code).toBe(-32042);
      // The client shows the prerequisite's URL; the user opens it; the client calls again.
      const retried = (await client.callTool(call)) as ToolResult;
      expect(retried.isError).toBeFalsy();
      expect(retried.content[0]?.text).toContain('User completed the URL elicitation flow');
      expect(asked).toEqual([
        { mode: 'url', url: 'https://example.com/retry', message: 'Consent', elicitationId: 'retry-1' },
      ]);
    } finally {
      await client.close();
    }
  }, 30_000);

  it('passes -32042 unchanged to an SDK v1 client that declared elicitation.url', async () => {
    const client = new V1Client({ name: 'portico-e2e-v1', version: '1.0.0' }, { capabilities: URL_CAPABLE });
    client.setRequestHandler(ElicitRequestSchema, async () => ({ action: 'accept' }));
    await client.connect(new V1Transport(new URL(portico.mcpUrl)));
    try {
      const got = await rejection(client.callTool({ name: 'drive.read_drive', arguments: { path: '/a' } }));
      expect(got.code).toBe(direct.consent.code);
      expect(v1Message(got.message)).toBe(direct.consent.message);
      expect(got.data).toEqual(direct.consent.data);
      const ref = await rejection(
        client.callTool({
          name: 'everything.trigger-url-elicitation',
          arguments: { url: 'https://example.com/v1', message: 'Consent', errorPath: true },
        }),
      );
      expect(ref.code).toBe(-32042);
      expect(withoutIds(ref.data)).toEqual(withoutIds(direct.everything.data));
    } finally {
      await client.close();
    }
  });

  const expectNamesTheUrls = (result: ToolResult) => {
    expect(result.isError).toBe(true);
    const text = result.content[0]?.text ?? '';
    expect(text).toContain('MCP server "drive" needs the user to open 2 URLs in a browser');
    for (const c of CONSENTS) {
      expect(text).toContain(c.url);
      expect(text).toContain(c.message);
    }
    expect(text).toContain('call the tool again');
    expect(result.structuredContent?.error).toMatchObject({
      code: 'url_elicitation_required',
      tool: 'drive.read_drive',
      elicitations: CONSENTS.map(({ mode: _mode, ...rest }) => rest),
    });
  };

  it('answers a 2025-11-25 client without elicitation.url with a tool error naming the URLs', async () => {
    const client = await connectClient(portico.mcpUrl, 'legacy', undefined, { capabilities: FORM_ONLY });
    try {
      expectNamesTheUrls(
        (await client.callTool({ name: 'drive.read_drive', arguments: { path: '/a' } })) as ToolResult,
      );
      const ref = (await client.callTool({
        name: 'everything.trigger-url-elicitation',
        arguments: { url: 'https://example.com/form-only', message: 'Consent', errorPath: true },
      })) as ToolResult;
      expect(ref.isError).toBe(true);
      expect(ref.content[0]?.text).toContain(
        'needs the user to open a URL in a browser before tools/call "trigger-url-elicitation" can run ("This request requires browser-based authorization."): open https://modelcontextprotocol.io — "Open this link to satisfy the prerequisite, then retry the request."',
      );
    } finally {
      await client.close();
    }
  });

  it('answers a 2026-07-28 client (no URL elicitation on that revision) with the tool error', async () => {
    const client = await connectClient(portico.mcpUrl, 'modern', undefined, { capabilities: URL_CAPABLE });
    try {
      expectNamesTheUrls(
        (await client.callTool({ name: 'drive.read_drive', arguments: { path: '/a' } })) as ToolResult,
      );
    } finally {
      await client.close();
    }
  });

  it('passes a prompts/get -32042 on to a 2025-11-25 client unchanged, and names the URLs to a 2026-07-28 one', async () => {
    const legacy = await connectClient(portico.mcpUrl, 'legacy', undefined, { capabilities: URL_CAPABLE });
    const modern = await connectClient(portico.mcpUrl, 'modern', undefined, { capabilities: URL_CAPABLE });
    try {
      const got = await rejection(legacy.getPrompt({ name: 'drive.summarize_drive' }));
      expect(got.error).toBeInstanceOf(ClientUrlElicitationRequiredError);
      expect({ code: got.code, message: got.message, data: got.data }).toEqual({
        code: direct.prompt.code,
        message: direct.prompt.message,
        data: direct.prompt.data,
      });
      // 2026-07-28 has no -32042 (its SDK would blame the handler instead): an error naming the URLs.
      const named = await rejection(modern.getPrompt({ name: 'drive.summarize_drive' }));
      expect(named.code).toBe(-32603);
      expect(named.message).toContain(
        'MCP server "drive" needs the user to open 2 URLs in a browser before prompts/get "summarize_drive" can run',
      );
      for (const c of CONSENTS) expect(named.message).toContain(`${c.url} — "${c.message}"`);
      expect(named.message).toContain('send prompts/get again');
      expect(named.data).toMatchObject({
        reason: 'url_elicitation_required',
        elicitations: CONSENTS.map(({ mode: _mode, ...rest }) => rest),
      });
    } finally {
      await legacy.close();
      await modern.close();
    }
  });

  it('audits -32042 as input_required and the tool error as tool_error', async () => {
    const rows = await portico.security.audit.query({ tool: 'drive.read_drive' });
    const outcomes = rows.map((r) => r.outcome);
    // v2 legacy and v1 with elicitation.url; a form-only 2025-11-25 and a 2026-07-28 client without.
    expect(outcomes.filter((o) => o === 'input_required')).toHaveLength(2);
    expect(outcomes.filter((o) => o === 'tool_error')).toHaveLength(2);
    expect(outcomes).toHaveLength(4);
  });
});
