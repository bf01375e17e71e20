/**
 * Load for a stateful peer that answers a POSTed request with 202 and delivers the result on the
 * session's GET event stream (as `@ivotoby/openapi-mcp-server` does for tools/call): autocannon
 * would only time the 202. Each virtual client replays the official SDK client's own handshake
 * (initialize, notifications/initialized, the GET stream) to get a session of its own, then sends
 * the captured tools/call one at a time, each with a run-unique id, and times it from the POST to
 * the matching event on its stream.
 */
import { Client, type FetchLike, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { Client as HttpClient } from 'undici';
import type { LoadResult } from './load.js';
import { FLOW } from './requests.js';
import { summarize } from './stats.js';

/** One HTTP request the SDK client sent, in order. */
interface Sent {
  method: string;
  headers: Record<string, string>;
  body?: string;
}

/** The SDK client's session handshake and its tools/call, captured against `url`. */
export interface SessionScript {
  label: string;
  url: string;
  initialize: Sent;
  initialized: Sent;
  stream: Sent;
  call: Sent;
}

const rpcMethod = (body: string | undefined): string | undefined =>
  body === undefined ? undefined : (JSON.parse(body) as { method?: string }).method;

/** Run the official SDK client (2025-11-25) against `url` once, recording what it sends. */
export async function captureSessionScript(url: string, tool: string, label: string): Promise<SessionScript> {
  const sent: Sent[] = [];
  const recordingFetch: FetchLike = async (u, init) => {
    const headers: Record<string, string> = {};
    new Headers(init?.headers).forEach((value, key) => {
      headers[key] = value;
    });
    const body = typeof init?.body === 'string' ? init.body : undefined;
    sent.push({ method: init?.method ?? 'GET', headers, ...(body !== undefined ? { body } : {}) });
    return fetch(u, init);
  };
  const client = new Client({ name: 'portico-bench', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(url), { fetch: recordingFetch }));
  try {
    await client.callTool({ name: tool, arguments: { flow: FLOW } });
  } finally {
    await client.close();
  }
  const find = (pred: (s: Sent) => boolean, what: string): Sent => {
    const s = sent.find(pred);
    if (s === undefined) throw new Error(`${label}: the SDK client sent no ${what}`);
    return s;
  };
  const strip = (s: Sent): Sent => {
    const headers = { ...s.headers };
    delete headers['mcp-session-id'];
    return { ...s, headers };
  };
  return {
    label,
    url,
    initialize: strip(find((s) => rpcMethod(s.body) === 'initialize', 'initialize')),
    initialized: strip(find((s) => rpcMethod(s.body) === 'notifications/initialized', 'initialized')),
    stream: strip(find((s) => s.method === 'GET', 'GET stream')),
    call: strip(find((s) => rpcMethod(s.body) === 'tools/call', 'tools/call')),
  };
}

let nextId = 1_000_000;

/** One virtual client: its own session, its GET stream, and a POST connection. */
async function openSession(script: SessionScript) {
  const url = new URL(script.url);
  const posts = new HttpClient(url.origin, { pipelining: 1 });
  const streamConn = new HttpClient(url.origin, { pipelining: 1, bodyTimeout: 0 });
  const path = url.pathname;
  const init = await posts.request({
    path,
    method: 'POST',
    headers: script.initialize.headers,
    body: script.initialize.body ?? '',
  });
  await init.body.text();
  const sid = init.headers['mcp-session-id'];
  if (typeof sid !== 'string') throw new Error(`${script.label}: initialize returned no Mcp-Session-Id`);
  const withSid = (h: Record<string, string>) => ({ ...h, 'mcp-session-id': sid });
  const ack = await posts.request({
    path,
    method: 'POST',
    headers: withSid(script.initialized.headers),
    body: script.initialized.body ?? '',
  });
  await ack.body.text();
  const pending = new Map<number, (data: string) => void>();
  // The package sends the stream's head only with its first event: read it in the background.
  let buffer = '';
  const reading = streamConn
    .request({ path, method: 'GET', headers: withSid(script.stream.headers) })
    .then(async (stream) => {
      if (stream.statusCode !== 200)
        throw new Error(`${script.label}: GET stream answered ${stream.statusCode}`);
      for await (const chunk of stream.body) {
        buffer += chunk.toString();
        let end = buffer.indexOf('\n\n');
        while (end !== -1) {
          const event = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = event
            .split('\n')
            .filter((l) => l.startsWith('data:'))
            .map((l) => l.slice(5).trimStart())
            .join('\n');
          if (data !== '') {
            const id = (JSON.parse(data) as { id?: unknown }).id;
            if (typeof id === 'number') {
              pending.get(id)?.(data);
              pending.delete(id);
            }
          }
          end = buffer.indexOf('\n\n');
        }
      }
    })
    .catch(() => undefined);
  const template = JSON.parse(script.call.body ?? '{}') as Record<string, unknown>;
  const headers = withSid(script.call.headers);
  const call = async (): Promise<string> => {
    const id = nextId++;
    const answered = new Promise<string>((resolve) => pending.set(id, resolve));
    const res = await posts.request({
      path,
      method: 'POST',
      headers,
      body: JSON.stringify({ ...template, id }),
    });
    await res.body.text();
    if (res.statusCode !== 202 && res.statusCode !== 200)
      throw new Error(`${script.label}: POST answered ${res.statusCode}`);
    return answered;
  };
  // Until the GET stream is registered, a result has nowhere to go: call (unmeasured) until one
  // comes back, abandoning each attempt after a second.
  for (let attempt = 0; ; attempt++) {
    if (attempt === 30) throw new Error(`${script.label}: no result arrived on the GET stream`);
    const timeout = new Promise<undefined>((r) => setTimeout(() => r(undefined), 1_000));
    if ((await Promise.race([call(), timeout])) !== undefined) break;
  }
  return {
    /** One tools/call; resolves with the result event's data once it arrived on the stream. */
    call: async (): Promise<string> => {
      const id = nextId++;
      const answered = new Promise<string>((resolve) => pending.set(id, resolve));
      const res = await posts.request({
        path,
        method: 'POST',
        headers,
        body: JSON.stringify({ ...template, id }),
      });
      await res.body.text();
      if (res.statusCode !== 202 && res.statusCode !== 200)
        throw new Error(`${script.label}: POST answered ${res.statusCode}`);
      return answered;
    },
    close: async () => {
      await posts.close();
      await streamConn.destroy();
      await reading;
    },
  };
}

/**
 * `connections` virtual clients calling as fast as their answers come back, for `warmupSec`
 * (discarded) then `durationSec`. Every result is checked with `verify`; a failure throws.
 */
export async function runSessionLoad(opts: {
  script: SessionScript;
  connections: number;
  durationSec: number;
  warmupSec: number;
  verifyBody: (body: string) => boolean;
  keepSamples?: boolean;
}): Promise<LoadResult> {
  const sessions = await Promise.all(
    Array.from({ length: opts.connections }, () => openSession(opts.script)),
  );
  const samples: number[] = [];
  let measuring = false;
  let first = 0;
  let last = 0;
  let stop = false;
  const loop = async (s: Awaited<ReturnType<typeof openSession>>) => {
    while (!stop) {
      const t0 = performance.now();
      const data = await s.call();
      const now = performance.now();
      if (!opts.verifyBody(data))
        throw new Error(`${opts.script.label}: unexpected result ${data.slice(0, 300)}`);
      if (measuring) {
        if (first === 0) first = t0;
        last = now;
        samples.push(now - t0);
      }
    }
  };
  try {
    const loops = sessions.map(loop);
    const failed = Promise.race(loops.map((l) => l.then(() => new Promise<never>(() => {}))));
    const wait = (sec: number) => Promise.race([new Promise<void>((r) => setTimeout(r, sec * 1000)), failed]);
    await wait(opts.warmupSec);
    measuring = true;
    await wait(opts.durationSec);
    measuring = false;
    stop = true;
    await Promise.all(loops);
  } finally {
    stop = true;
    await Promise.all(sessions.map((s) => s.close()));
  }
  const seconds = (last - first) / 1000;
  return {
    label: opts.script.label,
    connections: opts.connections,
    requests: samples.length,
    seconds,
    rps: samples.length / seconds,
    latency: summarize(samples),
    ...(opts.keepSamples === true ? { samples } : {}),
  };
}
