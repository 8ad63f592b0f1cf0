/**
 * What `npm start` does with content/ on start and on every save: build it; if it is valid, make the local KV
 * hold exactly it; either way record the outcome in `preview:status` for the configurator page. A content
 * error is printed and shown, never thrown: the preview keeps serving the last good content.
 */
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, relative } from 'node:path';
import { buildAndReport } from '../build/report.ts';
import { PREVIEW_STATUS_KEY, type PreviewStatus } from '../preview-status.ts';
import { ARTICLES_DIR, BUILD_DIR, KV_BINDING, PROJECT_ROOT } from '../project-config.ts';
import { defaultCacheDir } from '../build/build-content.ts';
import { journalWatched } from '../build/change-journal.ts';
import { pushContent } from '../push/push-content.ts';
import { wrangler } from '../wrangler-cli.ts';

/** The page lists this many problems at most; the terminal has them all. */
const PROBLEMS_SHOWN = 100;

type Outcome = Pick<PreviewStatus, 'ok' | 'problems'>;

export interface ContentReloader {
  /**
   * Builds and pushes; resolves with whether the content was valid. Never rejects. `changed`: the names the
   * preview's watcher saw change since the previous reload (it watched throughout, so they are the whole change and
   * the build checks only them); without it, every file is checked.
   */
  reload(changed?: readonly string[]): Promise<boolean>;
}

export function contentReloader(): ContentReloader {
  let revision = 0;
  let last = '';
  let queue: Promise<boolean> = Promise.resolve(true);

  /** A new revision only when something changed: the configurator reloads its carousel on each one. */
  async function record(outcome: Outcome, changed: boolean): Promise<void> {
    const same = JSON.stringify(outcome) === last;
    if (same && !changed) return;
    last = JSON.stringify(outcome);
    revision += 1;
    const status: PreviewStatus = { revision, at: new Date().toISOString(), ...outcome };
    // Through a file: a long problem list would overflow a command-line argument.
    const folder = await mkdtemp(join(tmpdir(), 'khabar-status-'));
    try {
      await writeFile(join(folder, 'status.json'), JSON.stringify(status));
      await wrangler(['kv', 'key', 'put', PREVIEW_STATUS_KEY, '--path', join(folder, 'status.json'), '--binding', KV_BINDING, '--local']);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  }

  /** Content the preview will not push, said as it is; the last good content keeps being served. */
  async function keepLast(message: string): Promise<false> {
    const folder = relative(PROJECT_ROOT, ARTICLES_DIR);
    console.error(`content: ${folder} ${message}; still serving the last good content.`);
    await record({ ok: false, problems: [{ file: folder, path: '', message: `${message}; still serving the last good content` }] }, false);
    return false;
  }

  async function reload(changed?: readonly string[]): Promise<boolean> {
    // A folder deleted or renamed away (a branch switch, a sync tool) is not a content error in a file.
    const names = await readdir(ARTICLES_DIR).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT' || error.code === 'ENOTDIR') return undefined;
      throw error;
    });
    if (names === undefined) return keepLast('is missing (deleted or renamed?); it is read again as soon as it is back');
    if (!names.some((name) => name.endsWith('.md'))) return keepLast('has no articles (no .md files)');
    // The folder itself came or went (its own name is among the changes): every file is checked.
    const watched = changed !== undefined && !changed.includes(basename(ARTICLES_DIR));
    // Journalled first: if this build fails, the next one (npm start's or a command's) still knows these names.
    if (watched) await journalWatched(defaultCacheDir(BUILD_DIR), ARTICLES_DIR, changed);
    const build = await buildAndReport({ keys: false, ...(watched ? { find: 'journal', watched } : { find: 'scan' }) });
    if (!build.ok) {
      console.error('content: still serving the last good content; fix the file(s) above and save.');
      const problems = build.problems.map((p) => ({ file: relative(PROJECT_ROOT, p.file), path: p.path, message: p.message }));
      const more = problems.length - PROBLEMS_SHOWN;
      const shown = more > 0 ? [...problems.slice(0, PROBLEMS_SHOWN), { file: '…', path: '', message: `and ${more} more (see the terminal)` }] : problems;
      await record({ ok: false, problems: shown }, false);
      return false;
    }
    try {
      const report = await pushContent(build, { target: 'local' });
      const recordsChanged = report.written + report.deleted > 0;
      // A new state version with no record written: only the partners changed.
      const changed = recordsChanged || report.version !== undefined;
      if (recordsChanged) console.log(`content: reloaded ${build.manifest.articles} articles: local KV ${report.written} written, ${report.deleted} deleted`);
      else if (changed) console.log(`content: partners updated (${Object.keys(build.partners).length})`);
      else console.log(`content: unchanged (${build.manifest.articles} articles)`);
      await record({ ok: true, problems: [] }, changed);
      return true;
    } catch (error) {
      // KV may be half-written: say so on the page too, not only here, with wrangler's whole reason.
      const message = error instanceof Error ? error.message : String(error);
      console.error(`content: the local KV write failed: ${message}`);
      await record({ ok: false, problems: [{ file: '.wrangler/state', path: '', message: `the local KV write failed: ${message}` }] }, true);
      return false;
    }
  }

  return {
    // One at a time (the start's build and the watcher's share one build cache), in the order asked.
    reload: (changed) =>
      (queue = queue.then(() =>
        reload(changed).catch((error: unknown) => {
          console.error(`content: reload failed: ${error instanceof Error ? error.message : String(error)}`);
          return false;
        }),
      )),
  };
}
