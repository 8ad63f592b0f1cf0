/**
 * The preview's folder watch (content/preview/watch-folder.ts): it reports saves of article files, ignores
 * other files, and keeps hearing the folder after it is deleted, replaced or renamed, as a branch switch or
 * a sync tool does. Every wait is on the watch's own report, never on time.
 */
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type FolderWatch, watchFolder } from '../../content/preview/watch-folder.ts';
import { useTempDirs } from './helpers.ts';

const tempDir = useTempDirs('khabar-watch-');
let watching: FolderWatch | undefined;

afterEach(() => {
  watching?.close();
  watching = undefined;
});

/** Watches `<root>/articles`; `next()` resolves with the names of the next run of `onChange`. */
async function watchArticles() {
  const root = await tempDir();
  const folder = join(root, 'articles');
  await mkdir(folder);
  const runs: string[][] = [];
  let wake: (() => void) | undefined;
  watching = watchFolder(folder, (name) => name.endsWith('.md'), async (names) => {
    runs.push(names.sort());
    wake?.();
  });
  const next = async (): Promise<string[]> => {
    while (runs.length === 0) await new Promise<void>((resolve) => (wake = resolve));
    return runs.shift()!;
  };
  return { root, folder, next, runs };
}

describe('watching the articles folder', () => {
  it('reports saved article files, not swap or backup files', async () => {
    const { folder, next } = await watchArticles();

    await writeFile(join(folder, '.a.md.swp'), 'swap');
    await writeFile(join(folder, 'a.md~'), 'backup');
    await writeFile(join(folder, 'a.md'), 'saved');

    expect(await next()).toEqual(['a.md']);
  });

  it('keeps hearing the folder after it is deleted and made again', async () => {
    const { folder, next } = await watchArticles();

    await rm(folder, { recursive: true });
    expect(await next(), 'the folder going away is a change').toEqual(['articles']);
    await mkdir(folder);
    await next(); // the folder coming back
    await writeFile(join(folder, 'b.md'), 'saved in the new folder');

    expect(await next()).toContain('b.md');
  });

  it('keeps hearing the folder after another folder is renamed into its place', async () => {
    const { root, folder, next } = await watchArticles();
    const replacement = join(root, 'articles-from-backup');
    await mkdir(replacement);
    await writeFile(join(replacement, 'c.md'), 'from the backup');

    await rm(folder, { recursive: true });
    await rename(replacement, folder);
    const names = new Set(await next());
    while (!names.has('articles')) for (const name of await next()) names.add(name);
    await writeFile(join(folder, 'd.md'), 'saved after the swap');

    let later = await next();
    while (!later.includes('d.md')) later = await next();
    expect(later).toContain('d.md');
  });

  it('stops reporting a folder renamed away, and hears it again once it is back', async () => {
    const { root, folder, next, runs } = await watchArticles();
    const away = join(root, 'articles-old');

    await rename(folder, away);
    expect(await next()).toEqual(['articles']);
    await writeFile(join(away, 'e.md'), 'saved in the renamed folder');
    await rename(away, folder);
    const back = await next();
    await writeFile(join(folder, 'f.md'), 'saved once it is back');
    let later = back;
    while (!later.includes('f.md')) later = await next();

    expect([back, ...runs].flat(), 'a save in the folder while it was elsewhere is not reported as its own').not.toContain('e.md');
    expect(later).toContain('f.md');
  });
});
