/**
 * Which article files changed since the last build, without checking every file: the tools that write or watch
 * article files say so in a journal (`<cache>/changes/`, one small file per writer run), and the build reads only
 * the files named there.
 *
 * A journal can only be trusted if nothing else touched the folder, and that is checked, never assumed: adding,
 * deleting or renaming a file changes the folder's own modification time (one stat, whatever the archive's size).
 * Each entry records that time before and after its writes; the entries must chain from the time the last build
 * saw to the time now. A break (a file added or removed by hand, an import that stopped midway) makes the build
 * check every file instead, and say why. What no folder time shows is a file saved in place by hand while nothing
 * watched: that is the documented rule (README, "Checking and publishing") — name the file, run `--scan`, or keep
 * `npm start` running, whose watcher journals every save.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';

interface Entry {
  /** The articles folder (absolute) the names are in. */
  folder: string;
  names: string[];
  /** The folder's mtime (ns) before and after the writes; null while the writer runs (or if it died). */
  before: string | null;
  after: string | null;
  /** Names a watcher saw (npm start): complete only for a build that watched since the previous one. */
  watched?: boolean;
}

const FOLDER = 'changes';

/** The folder's own modification time, in nanoseconds, as text. */
export async function folderTime(folder: string): Promise<string> {
  return String((await stat(folder, { bigint: true })).mtimeNs);
}

async function writeEntry(path: string, entry: Entry): Promise<void> {
  await writeFile(`${path}.tmp`, JSON.stringify(entry));
  await rename(`${path}.tmp`, path);
}

function entryPath(cacheDir: string): string {
  return join(cacheDir, FOLDER, `${Date.now().toString().padStart(15, '0')}-${process.pid}-${randomUUID().slice(0, 8)}.json`);
}

export interface JournalWriter {
  /** Notes a file written or deleted (its name in the folder). */
  add(name: string): void;
  /** Records the writes as done. */
  close(): Promise<void>;
}

/**
 * Opens a journal entry for writes about to be made in `folder`: call before the first write, `close()` after the
 * last. Until closed the entry is open, and a build that finds it checks every file (the writer may have died).
 */
export async function openJournal(cacheDir: string, folder: string): Promise<JournalWriter> {
  await mkdir(join(cacheDir, FOLDER), { recursive: true });
  const path = entryPath(cacheDir);
  const entry: Entry = { folder: resolve(folder), names: [], before: await folderTime(folder), after: null };
  await writeEntry(path, entry);
  return {
    add: (name) => void entry.names.push(name),
    async close() {
      entry.after = await folderTime(folder);
      await writeEntry(path, entry);
    },
  };
}

/** Records names a watcher saw change (no folder times: only a build that watched throughout trusts them). */
export async function journalWatched(cacheDir: string, folder: string, names: readonly string[]): Promise<void> {
  await mkdir(join(cacheDir, FOLDER), { recursive: true });
  await writeEntry(entryPath(cacheDir), { folder: resolve(folder), names: [...names], before: null, after: null, watched: true });
}

/** What the journal says since the last build. */
export type JournalReading =
  | { trusted: true; names: Set<string>; entries: string[] }
  | { trusted: false; reason: string; entries: string[] };

/**
 * Reads the journal of `folder`. `since`: the folder time the last build saw; `now`: the folder time now (taken
 * before reading the journal, so a change made meanwhile is seen by the next build). `watched`: the caller
 * watched the folder since the last build, so the watcher's names are complete whatever the folder time says.
 */
export async function readJournal(cacheDir: string, folder: string, since: string | undefined, now: string, watched: boolean): Promise<JournalReading> {
  const dir = join(cacheDir, FOLDER);
  const files = (await readdir(dir).catch(() => [] as string[])).filter((name) => name.endsWith('.json')).sort();
  const mine: Entry[] = [];
  const entries: string[] = [];
  for (const file of files) {
    let entry: Entry;
    try {
      entry = JSON.parse(await readFile(join(dir, file), 'utf8')) as Entry;
    } catch {
      continue; // removed by a build that finished meanwhile
    }
    if (entry.folder !== resolve(folder)) continue; // another folder's (an import with --out): its builds' to read
    entries.push(join(dir, file));
    mine.push(entry);
  }
  const names = new Set(mine.flatMap((e) => e.names));
  if (watched) return { trusted: true, names, entries };
  if (since === undefined) return { trusted: false, reason: 'no previous build recorded the folder', entries };
  if (mine.some((e) => e.watched)) return { trusted: false, reason: 'npm start saw changes it did not build', entries };
  if (mine.some((e) => e.after === null)) return { trusted: false, reason: 'an import is still running or stopped midway', entries };
  // Follow the folder's time from the last build through the entries; whatever is left over, or a time that does
  // not end where the folder is now, is a change no tool recorded.
  let at = since;
  const left = [...mine];
  for (let progress = true; progress; ) {
    progress = false;
    for (let i = 0; i < left.length; i += 1) {
      if (left[i]!.before !== at) continue;
      at = left[i]!.after!;
      left.splice(i, 1);
      progress = true;
      i -= 1;
    }
  }
  if (left.length > 0 || at !== now) {
    return { trusted: false, reason: 'files were added, removed or renamed there by something other than content:import or npm start', entries };
  }
  return { trusted: true, names, entries };
}

/** Removes the entries a successful build consumed (later ones stay for the next build). */
export async function consumeJournal(entries: readonly string[]): Promise<void> {
  for (const path of entries) await rm(path, { force: true });
}
