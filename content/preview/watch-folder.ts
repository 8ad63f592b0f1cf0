/**
 * Runs `onChange` after files in a folder change: once per burst (editors save in several writes, or write a
 * temp file and rename it), never two runs at once, and once more if files changed during a run.
 */
import { watch } from 'node:fs';

export interface FolderWatch {
  close(): void;
}

/** `accept`: which file names count; editors' swap and backup files do not. */
export function watchFolder(folder: string, accept: (name: string) => boolean, onChange: () => Promise<void>, quietMs = 150): FolderWatch {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running = false;
  let again = false;

  const run = async (): Promise<void> => {
    if (running) {
      again = true;
      return;
    }
    running = true;
    try {
      await onChange();
    } finally {
      running = false;
      if (again) {
        again = false;
        void run();
      }
    }
  };

  const watcher = watch(folder, (_event, name) => {
    if (name !== null && !accept(name)) return;
    clearTimeout(timer);
    timer = setTimeout(() => void run(), quietMs);
  });
  return {
    close() {
      clearTimeout(timer);
      watcher.close();
    },
  };
}
