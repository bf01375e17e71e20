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
