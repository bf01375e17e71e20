import type { CallToolResult } from '@modelcontextprotocol/server';
import type { HttpCatalogTool } from '../catalog/index.js';
import type { LongRunningSpec } from '../spec/index.js';
import type { CallContext, ToolRun } from './call-context.js';

/** Runs one catalogue tool (validation already done) — the long-running loop's only dependency. */
export type RunTool = (
  tool: HttpCatalogTool,
  args: Record<string, unknown>,
  ctx: CallContext,
) => Promise<ToolRun>;

/** Read a dot path (`run.id`) from a JSON value. */
export function readPath(value: unknown, path: string): unknown {
  let cur = value;
  for (const key of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function withNote(result: CallToolResult, note: string): CallToolResult {
  return { ...result, content: [...result.content, { type: 'text', text: note }] };
}

/**
 * Call a long-running operation. Without `wait` the start response returns at once with a note
 * on how to check it; with `wait: true` the status operation is polled (progress notifications
 * while waiting) until a terminal state or `maxWaitMs`.
 */
export async function callLongRunning(
  tool: HttpCatalogTool,
  spec: LongRunningSpec,
  statusTool: HttpCatalogTool,
  args: Record<string, unknown>,
  ctx: CallContext,
  run: RunTool,
): Promise<ToolRun> {
  const { wait, ...startArgs } = args;
  const start = await run(tool, startArgs, ctx);
  // The start call's outcome is the call's: status polls are the gateway's own follow-ups.
  const done = (result: CallToolResult): ToolRun => ({ result, outcome: start.outcome });
  const started = start.result;
  if (started.isError === true) return start;
  const handle = readPath(started.structuredContent, spec.handleField);
  if (typeof handle !== 'string' && typeof handle !== 'number') return start;
  const checkArgs = { [spec.statusArgument]: handle };
  const how = `${statusTool.name} ${JSON.stringify(checkArgs)}`;
  if (wait !== true) {
    return done(
      withNote(
        started,
        `Accepted: ${tool.name} is running as ${spec.handleField}=${handle}. Check it with ${how}; ` +
          `pass wait: true to ${tool.name} to wait for the result instead.`,
      ),
    );
  }
  const began = Date.now();
  let polls = 0;
  let last: CallToolResult = started;
  let state: unknown = readPath(started.structuredContent, spec.statusField);
  for (;;) {
    if (typeof state === 'string' && spec.terminal.includes(state) && polls > 0) {
      const secs = ((Date.now() - began) / 1000).toFixed(1);
      return done(withNote(last, `${tool.name} finished with ${spec.statusField}=${state} after ${secs} s.`));
    }
    if (Date.now() - began >= spec.maxWaitMs) {
      return done(
        withNote(
          last,
          `Still ${spec.statusField}=${String(state)} after waiting ${spec.maxWaitMs / 1000} s; check again with ${how}.`,
        ),
      );
    }
    await sleep(
      Math.min(spec.pollIntervalMs, Math.max(0, spec.maxWaitMs - (Date.now() - began))),
      ctx.signal,
    );
    polls += 1;
    const status = (await run(statusTool, checkArgs, ctx)).result;
    if (status.isError === true) return done(status);
    last = status;
    state = readPath(status.structuredContent, spec.statusField);
    ctx.onProgress?.({
      progress: polls,
      message: `${spec.handleField}=${handle}: ${spec.statusField}=${String(state)}`,
    });
  }
}
