/**
 * Return `res` with `done` called once its body has been fully sent or cancelled (immediately when
 * it has no streaming body). Used to log streamed (SSE) responses when they actually finish.
 */
export function onBodyEnd(res: Response, done: () => void): Response {
  if (res.body === null || !(res.headers.get('content-type') ?? '').startsWith('text/event-stream')) {
    done();
    return res;
  }
  const reader = res.body.getReader();
  let finished = false;
  const finish = () => {
    if (!finished) {
      finished = true;
      done();
    }
  };
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done: end, value } = await reader.read();
        if (end) {
          finish();
          controller.close();
        } else {
          controller.enqueue(value);
        }
      } catch (err) {
        finish();
        controller.error(err);
      }
    },
    async cancel(reason) {
      finish();
      await reader.cancel(reason);
    },
  });
  return new Response(body, { status: res.status, statusText: res.statusText, headers: res.headers });
}

/**
 * True when an SSE chunk is whole events whose data are all JSON-RPC requests or notifications
 * (or none): such a chunk is never the final response, so it need not wait behind anything.
 */
function onlyMessagesToClient(chunk: Uint8Array): boolean {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(chunk);
  } catch {
    return false;
  }
  if (!text.endsWith('\n\n')) return false;
  for (const event of text.slice(0, -2).split('\n\n')) {
    const data = event
      .split('\n')
      .filter((line) => line.startsWith('data:'))
      .map((line) => line.slice(5).trimStart());
    if (data.length === 0) continue;
    try {
      const message = JSON.parse(data.join('\n')) as { method?: unknown };
      if (message === null || typeof message !== 'object' || typeof message.method !== 'string') return false;
    } catch {
      return false;
    }
  }
  return true;
}

/**
 * Return `res` with its last body chunk held back until `before` has settled, then `after`
 * called once the body is done: what the client receives last (the JSON-RPC response) is only
 * released once, e.g., its audit row is committed. Earlier chunks flow one chunk behind, except
 * SSE chunks made only of requests and notifications to the client (progress, log messages, a
 * relayed sampling/elicitation request the call waits on), which flow at once.
 * A body cancelled by the client or failing still runs `before`, then `after`.
 */
export function holdLastChunk(res: Response, before: () => Promise<void>, after: () => void): Response {
  let finished = false;
  const finish = () => {
    if (!finished) {
      finished = true;
      after();
    }
  };
  let settled: Promise<void> | undefined;
  const settle = () => {
    settled ??= before().catch(() => {
      // `before` reports its own failures; the response is sent either way.
    });
    return settled;
  };
  if (res.body === null) {
    void settle().then(finish);
    return res;
  }
  const sse = (res.headers.get('content-type') ?? '').startsWith('text/event-stream');
  const reader = res.body.getReader();
  let held: Uint8Array | undefined;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) {
            await settle();
            if (held !== undefined) controller.enqueue(held);
            held = undefined;
            controller.close();
            finish();
            return;
          }
          if (sse && onlyMessagesToClient(value)) {
            if (held !== undefined) controller.enqueue(held);
            held = undefined;
            controller.enqueue(value);
            return;
          }
          const previous = held;
          held = value;
          if (previous !== undefined) {
            controller.enqueue(previous);
            return;
          }
        }
      } catch (err) {
        void settle().finally(finish);
        controller.error(err);
      }
    },
    async cancel(reason) {
      // The client went away: the row is still written (its response was not acknowledged).
      void settle().finally(finish);
      await reader.cancel(reason);
    },
  });
  return new Response(body, { status: res.status, statusText: res.statusText, headers: res.headers });
}
