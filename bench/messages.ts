/** Parent → child commands. */
export type Command = { type: 'stop' } | { type: 'profile-start' } | { type: 'profile-stop'; file: string };

/** Child → parent messages. */
export type ChildMessage =
  | { type: 'ready'; url: string }
  | { type: 'done' }
  | { type: 'result'; result: unknown }
  | { type: 'error'; message: string };

/** Render an error for an IPC message. */
export function errorMessage(err: unknown): ChildMessage {
  return { type: 'error', message: err instanceof Error ? (err.stack ?? err.message) : String(err) };
}
