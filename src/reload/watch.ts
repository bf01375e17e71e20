import { type FSWatcher, watch } from 'node:fs';
import { basename, dirname } from 'node:path';

/** A running file watcher. */
export interface FileWatcher {
  /** Replace the watched files (e.g. after the config names other OpenAPI files). */
  setFiles(files: readonly string[]): void;
  close(): void;
}

/**
 * Call `onChange` (debounced) when any of `files` is written, replaced or renamed. Watches each
 * file's directory, so editors that save by rename-and-replace are seen too.
 */
export function watchFiles(files: readonly string[], onChange: () => void, debounceMs = 150): FileWatcher {
  let watchers: FSWatcher[] = [];
  let timer: NodeJS.Timeout | undefined;
  const fire = () => {
    clearTimeout(timer);
    timer = setTimeout(onChange, debounceMs);
  };
  const start = (list: readonly string[]) => {
    const byDir = new Map<string, Set<string>>();
    for (const f of list) {
      const names = byDir.get(dirname(f)) ?? new Set<string>();
      names.add(basename(f));
      byDir.set(dirname(f), names);
    }
    watchers = [...byDir].map(([dir, names]) => {
      const w = watch(dir, { persistent: false }, (_event, name) => {
        if (name === null || names.has(name.toString())) fire();
      });
      w.on('error', () => undefined);
      return w;
    });
  };
  const stop = () => {
    for (const w of watchers) w.close();
    watchers = [];
  };
  start(files);
  return {
    setFiles(list) {
      stop();
      start(list);
    },
    close() {
      clearTimeout(timer);
      stop();
    },
  };
}
