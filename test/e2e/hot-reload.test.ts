/// <reference lib="dom" />
/**
 * Content hot reload under one running `npm start` (in a copy of the project): an editor saves a file in
 * content/articles/ and the open configurator's live carousel and the API follow, without a restart; a broken
 * file is reported on the page and in the terminal while the last good content keeps being served; and the
 * folder itself may be deleted or replaced (a branch switch, a sync tool) without the preview going deaf.
 *
 * Every wait is on an event or a state: /preview/status?after= answers when the revision changes, the
 * terminal is read as it prints, the page through Playwright's locators and navigation events.
 */
import { cp, mkdir, readFile, readdir, rm, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PreviewStatus } from '../../content/preview-status.ts';
import type { HeadlineList } from '../../content/schema.ts';
import {
  PREVIEW_ENTRIES,
  type Preview,
  type Watched,
  copyProject,
  freePort,
  launchChromium,
  openWatched,
  problemsOf,
  startPreview,
} from './support.ts';

/**
 * The contract: a save shows up within about this long. Each reload runs wrangler three times (list, bulk put,
 * status), which takes seconds on a loaded two-core machine; a folder replaced is up to three reloads.
 */
const RELOAD_MS = 30_000;
const FOLDER_SWAP_MS = 3 * RELOAD_MS;

let project: string | undefined;
let preview: Preview | undefined;
let browser: Browser | undefined;
let editor: Watched | undefined;
let origin: string;
let folder: string;
/** The file edited by these tests: the newest article's, so the carousel always shows it. */
let file: string;
let original: string;

beforeAll(async () => {
  project = await copyProject(PREVIEW_ENTRIES, 'khabar-hot-reload-');
  folder = join(project, 'content/articles');
  const port = await freePort();
  [preview, browser] = await Promise.all([startPreview(project, port), launchChromium()]);
  origin = `http://localhost:${port}`;
  const newest = (await headlines()).items[0]!;
  file = `${newest.slug}.md`;
  original = await readFile(join(folder, file), 'utf8');
  expect((await readdir(folder)).length).toBeGreaterThanOrEqual(2);
  editor = await openWatched(browser, { viewport: { width: 1280, height: 900 } });
  await editor.page.goto(`${origin}/`);
  await liveTitle(newest.title).waitFor({ timeout: RELOAD_MS });
}, 120_000);

afterAll(async () => {
  await editor?.context.close();
  await browser?.close();
  await preview?.stop();
  if (project) await rm(project, { recursive: true, force: true });
});

describe('content hot reload (npm start)', () => {
  it('shows an edited title in the live carousel and the API, without restarting', async () => {
    const title = 'عنوان عُدّل أثناء المعاينة';
    const before = await status();

    await writeFile(join(folder, file), withField(original, 'title', title));

    expect(await statusUntil(before.revision, 'the edit to be served', (s) => s.ok)).toMatchObject({ ok: true, problems: [] });
    expect((await headlines()).items.map((item) => item.title)).toContain(title);
    await onPage('the live carousel to show the edited title', liveTitle(title).waitFor({ timeout: RELOAD_MS }));
    expect(preview!.output()).toMatch(/content: reloaded/);
    expect(preview!.output().match(/preview: http:\/\//g), 'one start, no restart').toHaveLength(1);
    expect(editor!.pageErrors).toEqual([]);
  });

  it('reports a broken file on the page and in the terminal, keeps serving the last good content, and clears once fixed', async () => {
    const good = await readFile(join(folder, file), 'utf8');
    const goodTitles = (await headlines()).items.map((item) => item.title);
    const where = `content/articles/${file}: publishedAt: `;
    const box = editor!.page.locator('#content-status');
    const before = await status();
    const printed = preview!.output().length;

    await writeFile(join(folder, file), withField(good, 'publishedAt', 'yesterday at noon'));

    const broken = await statusUntil(before.revision, 'the problem to be reported', (s) => !s.ok);
    expect(broken.problems.map(line)).toEqual([expect.stringMatching(new RegExp(`^${escapeRegExp(where)}\\S`))]);
    await preview!.waitForOutput(where, printed);
    await onPage('#content-status to list the problem', box.locator('li', { hasText: where }).waitFor({ timeout: RELOAD_MS }));
    expect(await box.locator('li').allTextContents()).toEqual([expect.stringMatching(new RegExp(`^\\s*${escapeRegExp(where)}\\S`))]);
    const served = await fetch(`${origin}/v1/headlines`);
    expect(served.status).toBe(200);
    expect(((await served.json()) as HeadlineList).items.map((item) => item.title), 'the last good content').toEqual(goodTitles);
    expect((await fetch(`${origin}/healthz`)).ok, 'the server is still up').toBe(true);

    await writeFile(join(folder, file), good);

    expect(await statusUntil(broken.revision, 'the fix to be served', (s) => s.ok)).toMatchObject({ ok: true, problems: [] });
    await onPage('#content-status to hide', box.waitFor({ state: 'hidden', timeout: RELOAD_MS }));
    expect(await box.locator('li').count()).toBe(0);
  });

  it('adds an article saved as a new file, and drops one whose file is deleted', async () => {
    const slug = 'hot-reload-new-article';
    const title = 'خبر جديد أضيف أثناء المعاينة';
    const added = `---
slug: ${slug}
title: ${title}
section: news
publishedAt: 2030-01-01T00:00:00Z
url: https://khabar.example/articles/${slug}
source: خبر
---

فقرة الخبر الجديد.
`;

    const titles = await liveTitlesAfterReload(() => writeFile(join(folder, `${slug}.md`), added));

    expect(titles[0]).toBe(title);
    expect((await fetch(`${origin}/v1/articles/${slug}`)).status).toBe(200);
    expect((await headlines()).items[0]!.slug).toBe(slug);

    const after = await liveTitlesAfterReload(() => unlink(join(folder, `${slug}.md`)));

    expect(after.length).toBeGreaterThan(0);
    expect(after).not.toContain(title);
    expect((await fetch(`${origin}/v1/articles/${slug}`)).status).toBe(404);
    expect((await headlines()).items.map((item) => item.slug)).not.toContain(slug);
    expect((await fetch(`${origin}/articles/${slug}`)).status).toBe(404);
  });

  it("ignores files that are not articles (an editor's swap file), and saves that change nothing", async () => {
    const before = await status();
    const printed = preview!.output().length;

    await writeFile(join(folder, `.${file}.swp`), 'swap');
    await writeFile(join(folder, file), await readFile(join(folder, file), 'utf8')); // saved unchanged
    await preview!.waitForOutput('content: unchanged', printed, RELOAD_MS); // the rebuild ran, and found nothing new
    await unlink(join(folder, `.${file}.swp`));

    expect((await status()).revision, 'no new revision: the live carousel is not reloaded').toBe(before.revision);
    expect(preview!.output().slice(printed)).not.toContain('content: reloaded');
  });

  it('follows the folder after it is replaced (rm -rf, mkdir, cp from a backup), and hears saves in the new one', async () => {
    const backup = join(project!, 'backup');
    await cp(folder, backup, { recursive: true });
    const restored = 'عنوان من النسخة الاحتياطية';
    await writeFile(join(backup, file), withField(await readFile(join(backup, file), 'utf8'), 'title', restored));
    const before = await status();

    await rm(folder, { recursive: true, force: true });
    await mkdir(folder);
    for (const name of await readdir(backup)) await cp(join(backup, name), join(folder, name));

    // A rebuild may catch the copy half done: follow the revisions until one serves the whole backup.
    await statusUntil(before.revision, 'the backup to be served', async (s) => s.ok && (await headlines()).items.some((item) => item.title === restored), FOLDER_SWAP_MS);
    await onPage('the live carousel to show the backup', liveTitle(restored).waitFor({ timeout: RELOAD_MS }));

    const saved = 'عنوان حُفظ في المجلد الجديد';
    const titles = await liveTitlesAfterReload(() => writeFile(join(folder, file), withField(original, 'title', saved)));

    expect(titles).toContain(saved);
    expect((await headlines()).items.map((item) => item.title)).toContain(saved);
  });

  it('says the folder is missing, then that it has no articles, keeps serving the last content, and follows it once it is back', async () => {
    const backup = join(project!, 'backup-2');
    await cp(folder, backup, { recursive: true });
    const lastTitles = (await headlines()).items.map((item) => item.title);
    const box = editor!.page.locator('#content-status');
    let seen = (await status()).revision;

    await rm(folder, { recursive: true, force: true });

    const missing = await statusUntil(seen, 'the missing folder to be reported', (s) => !s.ok, FOLDER_SWAP_MS);
    expect(missing.problems.map(line)).toEqual([
      'content/articles: (file): is missing (deleted or renamed?); it is read again as soon as it is back; still serving the last good content',
    ]);
    await onPage('#content-status to say the folder is missing', box.locator('li', { hasText: 'is missing' }).waitFor({ timeout: RELOAD_MS }));
    expect((await headlines()).items.map((item) => item.title), 'the last good content').toEqual(lastTitles);
    seen = missing.revision;

    await mkdir(folder);

    const empty = await statusUntil(seen, 'the empty folder to be reported', (s) => !s.ok, FOLDER_SWAP_MS);
    expect(empty.problems.map(line)).toEqual(['content/articles: (file): has no articles (no .md files); still serving the last good content']);
    expect(preview!.output()).not.toMatch(/local KV write failed/);
    expect((await headlines()).items.map((item) => item.title), 'the last good content').toEqual(lastTitles);

    for (const name of await readdir(backup)) await cp(join(backup, name), join(folder, name));

    const back = await statusUntil(empty.revision, 'the articles to be served again', async (s) => s.ok && (await headlines()).items.length === lastTitles.length, FOLDER_SWAP_MS);
    expect(back.problems).toEqual([]);
    await onPage('#content-status to hide', box.waitFor({ state: 'hidden', timeout: RELOAD_MS }));
    const saved = 'عنوان حُفظ بعد عودة المجلد';
    const titles = await liveTitlesAfterReload(() => writeFile(join(folder, file), withField(original, 'title', saved)));
    expect(titles).toContain(saved);
  });
});

// ——— helpers ———

/** A wait on the open configurator; a timeout also says what the page reported meanwhile. */
async function onPage(what: string, wait: Promise<unknown>): Promise<void> {
  try {
    await wait;
  } catch (error) {
    throw new Error(`waiting for ${what}: ${(error as Error).message}; the page reported ${JSON.stringify(problemsOf(editor!))}`, { cause: error });
  }
}

async function status(): Promise<PreviewStatus> {
  return (await (await fetch(`${origin}/preview/status`)).json()) as PreviewStatus;
}

/** Follows the revisions after `seen` until one satisfies `wanted`, for at most `timeoutMs` in all. */
async function statusUntil(
  seen: number,
  what: string,
  wanted: (status: PreviewStatus) => boolean | Promise<boolean>,
  timeoutMs = RELOAD_MS,
): Promise<PreviewStatus> {
  const deadline = Date.now() + timeoutMs;
  let revision = seen;
  while (Date.now() < deadline) {
    const next = (await (await fetch(`${origin}/preview/status?after=${revision}`, { signal: AbortSignal.timeout(timeoutMs + 25_000) })).json()) as PreviewStatus;
    if (next.revision !== revision && (await wanted(next))) return next;
    revision = next.revision;
  }
  throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what} (last revision ${revision}); npm start printed:\n${preview!.output().slice(-2_000)}`);
}

async function headlines(): Promise<HeadlineList> {
  const response = await fetch(`${origin}/v1/headlines`);
  if (response.status !== 200) throw new Error(`/v1/headlines: HTTP ${response.status}`);
  return (await response.json()) as HeadlineList;
}

/** The live carousel's title card with exactly this text, once the carousel is ready. */
function liveTitle(title: string) {
  return editor!.page
    .frameLocator('#live')
    .locator('khabar-carousel[state="ready"] [part~=title]', { hasText: new RegExp(`^\\s*${escapeRegExp(title)}\\s*$`) })
    .first();
}

/**
 * Makes a change that reloads the content, and returns the titles the live carousel shows once the configurator
 * has reloaded its frame for it: the frame's navigation is the event, the carousel's `state` the readiness.
 */
async function liveTitlesAfterReload(change: () => Promise<void>): Promise<string[]> {
  const page = editor!.page;
  const before = await status();
  const reloaded = page.waitForEvent('framenavigated', { predicate: (frame) => frame.parentFrame() === page.mainFrame(), timeout: 2 * RELOAD_MS });
  reloaded.catch(() => undefined); // awaited below; a change that fails its own wait must not leave it unhandled
  await change();
  await statusUntil(before.revision, 'the change to be served', (s) => s.ok);
  await onPage('the live frame to reload', reloaded);
  const carousel = page.frameLocator('#live').locator('khabar-carousel[state="ready"]');
  await onPage('the reloaded carousel to be ready', carousel.waitFor({ timeout: RELOAD_MS }));
  return (await carousel.locator('[part~=title]').allTextContents()).map((text) => text.trim());
}

function line(problem: PreviewStatus['problems'][number]): string {
  return `${problem.file}: ${problem.path || '(file)'}: ${problem.message}`;
}

/** The front matter with one field's line replaced. */
function withField(text: string, field: string, value: string): string {
  const line = new RegExp(`^${field}: .*$`, 'm');
  if (!line.test(text)) throw new Error(`no "${field}:" line in the article file`);
  return text.replace(line, `${field}: ${value}`);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
