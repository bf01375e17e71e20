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
 * Return `res` with its last body chunk held back until `before` has settled, then `after`
 * called once the body is done: what the client receives last (the JSON-RPC response) is only
 * released once, e.g., its audit row is committed. Earlier chunks (SSE progress) flow one
 * chunk behind. A body cancelled by the client or failing still runs `before`, then `after`.
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
