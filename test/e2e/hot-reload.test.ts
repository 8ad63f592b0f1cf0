/// <reference lib="dom" />
/**
 * Content hot reload under one running `npm start` (in a copy of the project): an editor saves a file in
 * content/articles/ and the open configurator's live carousel and the API follow, without a restart; a broken
 * file is reported on the page and in the terminal while the last good content keeps being served.
 */
import { readFile, readdir, rm, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Locator } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
  waitFor,
} from './support.ts';

/** The contract: a save shows up within about this long. */
const RELOAD_MS = 20_000;

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
  await waitFor('the live carousel to load', async () => (await liveTitles()).includes(newest.title), 15_000);
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

    await writeFile(join(folder, file), withField(original, 'title', title));

    await waitForPage('the live carousel to show the edited title', async () => (await liveTitles()).includes(title));
    expect((await headlines()).items.map((item) => item.title)).toContain(title);
    expect(preview!.output()).toMatch(/content: reloaded/);
    expect(preview!.output().match(/preview: http:\/\//g), 'one start, no restart').toHaveLength(1);
    expect(editor!.pageErrors).toEqual([]);
  });

  it('reports a broken file on the page and in the terminal, keeps serving the last good content, and clears once fixed', async () => {
    const good = await readFile(join(folder, file), 'utf8');
    const goodTitles = (await headlines()).items.map((item) => item.title);
    const where = `content/articles/${file}: publishedAt: `;
    const status = editor!.page.locator('#content-status');

    await writeFile(join(folder, file), withField(good, 'publishedAt', 'yesterday at noon'));

    await waitForPage('#content-status to list the problem', async () => (await problemLines(status)).some((line) => line.startsWith(where)));
    await waitFor('npm start to print the problem', () => preview!.output().includes(where), 5_000);
    expect(await problemLines(status)).toEqual([expect.stringMatching(new RegExp(`^${escapeRegExp(where)}\\S`))]);
    expect(await status.isVisible()).toBe(true);
    const served = await fetch(`${origin}/v1/headlines`);
    expect(served.status).toBe(200);
    expect(((await served.json()) as HeadlineList).items.map((item) => item.title), 'the last good content').toEqual(goodTitles);
    expect(((await (await fetch(`${origin}/preview/status`)).json()) as { ok: boolean }).ok).toBe(false);
    expect((await fetch(`${origin}/healthz`)).ok, 'the server is still up').toBe(true);

    await writeFile(join(folder, file), good);

    await waitForPage('#content-status to empty', async () => (await problemLines(status)).length === 0 && !(await status.isVisible()));
    expect(((await (await fetch(`${origin}/preview/status`)).json()) as { ok: boolean; problems: unknown[] })).toMatchObject({ ok: true, problems: [] });
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

    await writeFile(join(folder, `${slug}.md`), added);

    await waitForPage('the live carousel to show the new article', async () => (await liveTitles())[0] === title);
    expect((await fetch(`${origin}/v1/articles/${slug}`)).status).toBe(200);
    expect((await headlines()).items[0]!.slug).toBe(slug);

    await unlink(join(folder, `${slug}.md`));

    await waitFor(`/v1/articles/${slug} to answer 404`, async () => (await fetch(`${origin}/v1/articles/${slug}`)).status === 404, RELOAD_MS);
    await waitForPage('the live carousel to drop it', async () => {
      const titles = await liveTitles();
      return titles.length > 0 && !titles.includes(title);
    });
    expect((await headlines()).items.map((item) => item.slug)).not.toContain(slug);
    expect((await fetch(`${origin}/articles/${slug}`)).status).toBe(404);
  });

  it("ignores files that are not articles (an editor's swap file), and saves that change nothing", async () => {
    const revision = async () => ((await (await fetch(`${origin}/preview/status`)).json()) as { revision: number }).revision;
    const before = await revision();

    await writeFile(join(folder, `.${file}.swp`), 'swap');
    await writeFile(join(folder, file), await readFile(join(folder, file), 'utf8')); // saved unchanged
    await new Promise((resolve) => setTimeout(resolve, 6_000)); // longer than a reload takes
    await unlink(join(folder, `.${file}.swp`));

    expect(await revision(), 'no new revision: the live carousel is not reloaded').toBe(before);
  });
});

// ——— helpers ———

/** `waitFor` on the open configurator; a timeout says what the page reported meanwhile. */
async function waitForPage(what: string, check: () => Promise<boolean>): Promise<void> {
  try {
    await waitFor(what, check, RELOAD_MS);
  } catch (error) {
    throw new Error(`${(error as Error).message}; the page reported ${JSON.stringify(problemsOf(editor!))}`, { cause: error });
  }
}

async function headlines(): Promise<HeadlineList> {
  const response = await fetch(`${origin}/v1/headlines`);
  if (response.status !== 200) throw new Error(`/v1/headlines: HTTP ${response.status}`);
  return (await response.json()) as HeadlineList;
}

/** The titles the configurator's live carousel shows now; none while it loads. */
async function liveTitles(): Promise<string[]> {
  const carousel = editor!.page.frameLocator('#live').locator('khabar-carousel');
  try {
    if ((await carousel.getAttribute('state', { timeout: 1_000 })) !== 'ready') return [];
    return (await carousel.locator('[part~=title]').allTextContents()).map((text) => text.trim());
  } catch {
    return []; // the frame is reloading
  }
}

async function problemLines(status: Locator): Promise<string[]> {
  return (await status.locator('li').allTextContents()).map((text) => text.trim());
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
