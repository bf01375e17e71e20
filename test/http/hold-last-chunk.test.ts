import { describe, expect, it } from 'vitest';
import { holdLastChunk } from '../../src/http/on-body-end.js';

const enc = new TextEncoder();
function streamOf(chunks: string[]): Response {
  return new Response(
    new ReadableStream<Uint8Array>({
      start(c) {
        for (const x of chunks) c.enqueue(enc.encode(x));
        c.close();
      },
    }),
    { headers: { 'content-type': 'text/event-stream' } },
  );
}

describe('holdLastChunk (audit.durability: sync)', () => {
  it('releases every chunk but the last at once, the last only after `before` settled, then calls `after`', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const events: string[] = [];
    const res = holdLastChunk(
      streamOf(['a', 'b', 'c']),
      async () => {
        events.push('before');
        await gate;
        events.push('committed');
      },
      () => events.push('after'),
    );
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    const dec = new TextDecoder();
    expect(dec.decode((await reader.read()).value)).toBe('a');
    expect(dec.decode((await reader.read()).value)).toBe('b');
    const last = reader.read();
    await new Promise((r) => setImmediate(r));
    expect(events).toEqual(['before']);
    release();
    expect(dec.decode((await last).value)).toBe('c');
    expect((await reader.read()).done).toBe(true);
    expect(events).toEqual(['before', 'committed', 'after']);
  });

  it('a client that goes away still gets its row written', async () => {
    const events: string[] = [];
    const res = holdLastChunk(
      streamOf(['a', 'b']),
      async () => {
        events.push('before');
      },
      () => events.push('after'),
    );
    await (res.body as ReadableStream<Uint8Array>).cancel();
    await new Promise((r) => setImmediate(r));
    expect(events).toEqual(['before', 'after']);
  });
});

describe('holdLastChunk on an SSE stream', () => {
  const event = (message: object) => `event: message\ndata: ${JSON.stringify(message)}\n\n`;

  it('releases a request to the client at once (the call waits on its answer), the response only after `before`', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const request = event({ jsonrpc: '2.0', id: 0, method: 'sampling/createMessage', params: {} });
    const response = event({ jsonrpc: '2.0', id: 1, result: { content: [] } });
    let pushMore: (x: string) => void = () => undefined;
    let end: () => void = () => undefined;
    const res = holdLastChunk(
      new Response(
        new ReadableStream<Uint8Array>({
          start(c) {
            c.enqueue(enc.encode(request));
            pushMore = (x) => c.enqueue(enc.encode(x));
            end = () => c.close();
          },
        }),
        { headers: { 'content-type': 'text/event-stream' } },
      ),
      () => gate,
      () => undefined,
    );
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    const dec = new TextDecoder();
    // Nothing else has been written: the request still reaches the client.
    expect(dec.decode((await reader.read()).value)).toBe(request);
    pushMore(response);
    end();
    const last = reader.read();
    await new Promise((r) => setImmediate(r));
    release();
    expect(dec.decode((await last).value)).toBe(response);
    expect((await reader.read()).done).toBe(true);
  });
});
