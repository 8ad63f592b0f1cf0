/**
 * Runs `onChange` after files in a folder change: once per burst (editors save in several writes, or write a
 * temp file and rename it), never two runs at once, and once more if files changed during a run.
 *
 * The folder itself may be deleted, replaced or renamed (a branch switch, a sync tool, `rm -rf` and a copy):
 * a watch on a folder follows that folder's inode and goes deaf when it is gone, so the parent is watched
 * too, and every event there that names the folder watches the folder anew and counts as a change.
 */
import { type FSWatcher, watch } from 'node:fs';
import { basename, dirname } from 'node:path';

export interface FolderWatch {
  close(): void;
}

/**
 * `accept`: which file names count; editors' swap and backup files do not. `onChange` is handed the names
 * that changed since its last run (the folder's own name when the folder itself came or went).
 */
export function watchFolder(
  folder: string,
  accept: (name: string) => boolean,
  onChange: (names: string[]) => Promise<void>,
  quietMs = 150,
): FolderWatch {
  const name = basename(folder);
  const changed = new Set<string>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running = false;
  let closed = false;

  const run = async (): Promise<void> => {
    if (running || closed || changed.size === 0) return;
    running = true;
    const names = [...changed];
    changed.clear();
    try {
      await onChange(names);
    } finally {
      running = false;
      // Whatever changed during the run gets a run of its own.
      void run();
    }
  };

  const schedule = (changedName: string) => {
    changed.add(changedName);
    clearTimeout(timer);
    timer = setTimeout(() => void run(), quietMs);
  };

  let inside: FSWatcher | undefined;
  /** Watches whatever is at `folder` now, if anything. */
  const watchInside = () => {
    inside?.close();
    inside = undefined;
    try {
      inside = watch(folder, (_event, file) => {
        // The folder's own name here means the folder itself was deleted or moved: this watch is now deaf.
        if (file === null || file === name) rearm();
        else if (accept(file)) schedule(file);
      });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      return; // not there now: the parent's watch says when it is back
    }
    inside.on('error', rearm);
  };
  const rearm = () => {
    if (closed) return;
    watchInside();
    schedule(name);
  };

  watchInside();
  const parent = watch(dirname(folder), (_event, file) => {
    if (file === null || file === name) rearm();
  });
  parent.on('error', () => undefined); // the project folder itself going away ends the preview anyway

  return {
    close() {
      closed = true;
      clearTimeout(timer);
      inside?.close();
      parent.close();
    },
  };
}
