import { PorticoError } from '../errors/index.js';
import type { CliIo } from './io.js';

/** Read one line from the terminal on `io.stdin` without echoing it (raw mode); Ctrl+C cancels. */
export function promptHidden(io: Pick<CliIo, 'stdin' | 'stderr'>, question: string): Promise<string> {
  const { stdin, stderr } = io;
  const raw = (on: boolean) => stdin.setRawMode?.(on);
  return new Promise((resolve, reject) => {
    let value = '';
    const finish = () => {
      stdin.off('data', onData);
      raw(false);
      stdin.pause();
      stderr.write('\n');
    };
    const onData = (chunk: Buffer | string) => {
      for (const ch of chunk.toString('utf8')) {
        if (ch === '\r' || ch === '\n' || ch === '\u0004') {
          finish();
          resolve(value);
          return;
        }
        if (ch === '\u0003') {
          finish();
          reject(new PorticoError('invalid_input', 'Cancelled; nothing was stored.'));
          return;
        }
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
        else value += ch;
      }
    };
    stderr.write(question);
    raw(true);
    stdin.resume();
    stdin.on('data', onData);
  });
}
