/**
 * The build (`npm run content:build`): which KV records an editor's article files turn into, and which
 * problems stop it.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type BuildManifest, type KvEntry, buildContent } from '../../content/build/build-content.ts';
import type { ArticleInput } from '../../content/schema.ts';
import { canonicalKeyOf, copyContentProject, makeArticle, runNode, snapshotDir, useTempDirs, writeArticle } from './helpers.ts';

const tempDir = useTempDirs('khabar-build-');

interface ListValue {
  items: Array<Record<string, unknown>>;
  updatedAt: string | null;
}

/** A fresh articles folder holding these articles, and where the build should go. */
async function workspace(articles: ArticleInput[] = []): Promise<{ articlesDir: string; outDir: string }> {
  const root = await tempDir();
  const articlesDir = join(root, 'articles');
  await mkdir(articlesDir);
  for (const article of articles) await writeArticle(articlesDir, article);
  return { articlesDir, outDir: join(root, 'kv') };
}

async function readEntries(outDir: string, file: string): Promise<KvEntry[]> {
  return JSON.parse(await readFile(join(outDir, file), 'utf8')) as KvEntry[];
}

/** Every headline list the build wrote, by key, in file order; the section index (`v1:sections`) comes last. */
async function readLists(outDir: string): Promise<Record<string, ListValue>> {
  const lists: Record<string, ListValue> = {};
  for (const entry of await readEntries(outDir, 'lists.json')) lists[entry.key] = JSON.parse(entry.value) as ListValue;
  return lists;
}

function slugsOf(list: ListValue | undefined): unknown[] {
  return (list?.items ?? []).map((item) => item['slug']);
}

async function build(articles: ArticleInput[]) {
  const { articlesDir, outDir } = await workspace(articles);
  const result = await buildContent({ articlesDir, outDir });
  if (!result.ok) throw new Error(`build failed: ${JSON.stringify(result.problems)}`);
  return { outDir, manifest: result.manifest };
}

describe('building valid content', () => {
  it('writes one record per article, with its body and the defaults for language and direction, each followed by its canonical-URL record', async () => {
    const articles = [
      makeArticle('iraq-talks', { section: 'news' }),
      makeArticle('aleppo-front', { section: 'world', caption: 'صورة من حلب' }),
      makeArticle('league-final', { section: 'sport', lang: 'en', title: 'Final' }),
    ];

    const { outDir, manifest } = await build(articles);

    expect(manifest.articles).toBe(3);
    const entries = (await Promise.all(manifest.files.filter((f) => f !== 'lists.json').map((f) => readEntries(outDir, f)))).flat();
    expect(entries.map((e) => e.key)).toEqual(
      ['aleppo-front', 'iraq-talks', 'league-final'].flatMap((slug) => [`v1:article:${slug}`, canonicalKeyOf(`https://khabar.example/articles/${slug}`)]),
    );
    const stored = Object.fromEntries(entries.map((e) => [e.key, JSON.parse(e.value) as Record<string, unknown>]));
    expect(stored['v1:article:aleppo-front']).toEqual({ ...articles[1], lang: 'ar', dir: 'rtl' });
    for (const article of articles) expect(stored[canonicalKeyOf(article.url)]).toEqual({ slug: article.slug });
    expect(stored['v1:article:league-final']).toMatchObject({ lang: 'en', dir: 'ltr', body: articles[2]!.body });
    for (const entry of entries) expect(manifest.keys[entry.key]).toBe(entry.metadata.hash);
  });

  it('writes the all-sections list, one list per section and then the section index, pushed after the articles', async () => {
    const { outDir, manifest } = await build([
      makeArticle('a-news', { section: 'news' }),
      makeArticle('b-world', { section: 'world' }),
      makeArticle('c-world', { section: 'world' }),
    ]);

    const lists = await readLists(outDir);

    expect(Object.keys(lists)).toEqual(['v1:headlines:all', 'v1:headlines:section:news', 'v1:headlines:section:world', 'v1:sections']);
    expect(manifest.lists).toBe(3); // headline lists only
    expect(manifest.files.at(-1)).toBe('lists.json');
    expect(slugsOf(lists['v1:headlines:section:news'])).toEqual(['a-news']);
    expect(slugsOf(lists['v1:headlines:section:world'])).toEqual(['b-world', 'c-world']);
    expect(slugsOf(lists['v1:headlines:all'])).toHaveLength(3);
    for (const entry of await readEntries(outDir, 'lists.json')) expect(manifest.keys[entry.key], entry.key).toBe(entry.metadata.hash);
  });

  it('lists headlines newest first by the instant published, ties by slug, without the body', async () => {
    const { outDir } = await build([
      makeArticle('oldest', { publishedAt: '2026-11-20T08:00:00Z' }),
      // 07:00Z: older than `utc-0800` although its local time reads later.
      makeArticle('riyadh-1000', { publishedAt: '2026-11-25T10:00:00+03:00' }),
      makeArticle('utc-0800', { publishedAt: '2026-11-25T08:00:00Z' }),
      makeArticle('tie-b', { publishedAt: '2026-11-25T09:00:00Z' }),
      makeArticle('tie-a', { publishedAt: '2026-11-25T09:00:00Z' }),
      makeArticle('newest', { publishedAt: '2026-11-26T00:00:00.500Z' }),
    ]);

    const all = (await readLists(outDir))['v1:headlines:all'];

    expect(slugsOf(all)).toEqual(['newest', 'tie-a', 'tie-b', 'utc-0800', 'riyadh-1000', 'oldest']);
    for (const item of all!.items) {
      expect(item).not.toHaveProperty('body');
      expect(item).toMatchObject({ title: `عنوان ${String(item['slug'])}`, url: `https://khabar.example/articles/${String(item['slug'])}` });
    }
  });

  it('keeps only the 50 newest headlines in each list', async () => {
    const articles = Array.from({ length: 70 }, (_, i) =>
      makeArticle(`story-${String(i).padStart(2, '0')}`, {
        section: i % 2 === 0 ? 'news' : 'world',
        publishedAt: new Date(Date.UTC(2026, 10, 1) + i * 3_600_000).toISOString(),
      }),
    );

    const lists = await readLists((await build(articles)).outDir);

    const newest = (section?: string) =>
      articles
        .filter((a) => section === undefined || a.section === section)
        .map((a) => a.slug)
        .reverse() // generated oldest first
        .slice(0, 50);
    expect(slugsOf(lists['v1:headlines:all'])).toEqual(newest());
    expect(slugsOf(lists['v1:headlines:section:news'])).toEqual(newest('news')); // 35 of them
    expect(slugsOf(lists['v1:headlines:section:world'])).toEqual(newest('world'));
  });

  it("gives each list the newest change among its items as updatedAt", async () => {
    const { outDir } = await build([
      makeArticle('published-latest', { section: 'news', publishedAt: '2026-11-25T11:00:00Z' }),
      makeArticle('updated-latest', { section: 'news', publishedAt: '2026-11-25T09:00:00Z', updatedAt: '2026-11-25T12:30:00Z' }),
      makeArticle('world-only', { section: 'world', publishedAt: '2026-11-24T09:00:00Z' }),
    ]);

    const lists = await readLists(outDir);

    expect(lists['v1:headlines:all']?.updatedAt).toBe('2026-11-25T12:30:00Z');
    expect(lists['v1:headlines:section:news']?.updatedAt).toBe('2026-11-25T12:30:00Z');
    expect(lists['v1:headlines:section:world']?.updatedAt).toBe('2026-11-24T09:00:00Z');
  });

  it('indexes every section with its article count, in name order', async () => {
    const { outDir } = await build([
      makeArticle('a-world', { section: 'world' }),
      makeArticle('b-sport', { section: 'sport' }),
      makeArticle('c-world', { section: 'world' }),
      makeArticle('d-news', { section: 'news' }),
      makeArticle('e-world', { section: 'world' }),
      makeArticle('f-news', { section: 'news' }),
    ]);

    const lists = await readLists(outDir);

    expect(lists['v1:sections']).toEqual({
      sections: [
        { name: 'news', count: 2 },
        { name: 'sport', count: 1 },
        { name: 'world', count: 3 },
      ],
    });
  });

  it('indexes each article under the SHA-256 of its URL without the #fragment, pointing to its slug', async () => {
    const url = 'https://khabar.example/articles/with-fragment?ref=rss';
    const { outDir, manifest } = await build([makeArticle('with-fragment', { url: `${url}#comments` })]);

    const entries = await readEntries(outDir, manifest.files[0]!);

    const key = `v1:canonical:${createHash('sha256').update(url).digest('hex')}`;
    expect(entries.map((e) => e.key)).toEqual(['v1:article:with-fragment', key]);
    expect(JSON.parse(entries[1]!.value)).toEqual({ slug: 'with-fragment' });
    expect(manifest.keys[key]).toBe(entries[1]!.metadata.hash);
  });

  it('builds an empty all-sections list and an empty section index from an empty folder', async () => {
    const lists = await readLists((await build([])).outDir);

    expect(lists).toEqual({ 'v1:headlines:all': { items: [], updatedAt: null }, 'v1:sections': { sections: [] } });
  });

  it('refuses a publishedAt with an hour-only offset (+05), which lists could not order', async () => {
    const { articlesDir, outDir } = await workspace([
      makeArticle('a-old', { publishedAt: '2026-11-20T08:00:00Z' }),
      makeArticle('z-karachi', { publishedAt: '2026-11-25T12:00:00+05' }),
    ]);

    const result = await buildContent({ articlesDir, outDir });

    expect(result.ok).toBe(false);
    expect(!result.ok && result.problems).toEqual([expect.objectContaining({ file: join(articlesDir, 'z-karachi.md'), path: 'publishedAt' })]);
  });

  it('refuses a publishedAt that is not a real date (31 February)', async () => {
    const { articlesDir, outDir } = await workspace([makeArticle('leap', { publishedAt: '2026-02-31T08:00:00Z' })]);

    const result = await buildContent({ articlesDir, outDir });

    expect(!result.ok && result.problems).toEqual([expect.objectContaining({ path: 'publishedAt' })]);
  });
});

describe('building invalid content', () => {
  const FIELDS = [
    'slug: SLUG',
    'title: عنوان الخبر',
    'section: news',
    'publishedAt: 2026-11-25T08:00:00Z',
    'url: https://khabar.example/articles/SLUG',
    'source: خبر',
  ];
  const fileWith = (fields: string[], body = '\nنص الخبر.\n') => `---\n${fields.join('\n')}\n---\n${body}`;
  const replacing = (field: string, line: string) => fileWith(FIELDS.map((f) => (f.startsWith(`${field}:`) ? line : f)));

  it.each([
    ['a missing title', 'no-title', fileWith(FIELDS.filter((f) => !f.startsWith('title:'))), 'title'],
    ['a javascript: url', 'js-url', replacing('url', "url: 'javascript:alert(1)'"), 'url'],
    ['a scheme-relative url', 'relative-url', replacing('url', "url: '//evil.example/x'"), 'url'],
    ['an http: url', 'http-url', replacing('url', 'url: http://khabar.example/articles/http-url'), 'url'],
    ['an http: url on this machine (the preview rewrites links; content never holds them)', 'local-url', replacing('url', 'url: http://localhost:8787/articles/local-url'), 'url'],
    ['a lang Intl refuses (pages format dates with it)', 'bad-lang', fileWith([...FIELDS, 'lang: en-12']), 'lang'],
    [
      'a data: picture',
      'data-image',
      fileWith([...FIELDS, 'image:', "  src: 'data:image/svg+xml,<svg onload=alert(1)>'", '  alt: صورة', '  width: 800', '  height: 600']),
      'image.src',
    ],
    ['a publishedAt that is not a date', 'words-date', replacing('publishedAt', 'publishedAt: أمس'), 'publishedAt'],
    ['a publishedAt without a time zone', 'local-date', replacing('publishedAt', 'publishedAt: 2026-11-25T08:00:00'), 'publishedAt'],
    ['a publishedAt in day/month/year', 'dmy-date', replacing('publishedAt', "publishedAt: '25/11/2026 08:00'"), 'publishedAt'],
    ['a misspelt field (publishedat)', 'typo', replacing('publishedAt', 'publishedat: 2026-11-25T08:00:00Z'), 'publishedat'],
    ['a slug that is not the file name', 'renamed', replacing('slug', 'slug: original-name'), 'slug'],
    ['no paragraph below the front matter', 'no-body', fileWith(FIELDS, '\n'), 'body'],
    ['no front matter', 'no-front-matter', 'عنوان الخبر\n\nنص الخبر.\n', ''],
  ])('refuses %s, naming the file and the field', async (_, name, text, path) => {
    const { articlesDir, outDir } = await workspace([makeArticle('valid-neighbour')]);
    const file = join(articlesDir, `${name}.md`);
    await writeFile(file, text.replaceAll('SLUG', name));

    const result = await buildContent({ articlesDir, outDir });

    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toContainEqual(expect.objectContaining({ file, path }));
    expect(result.problems.every((p) => p.file === file)).toBe(true);
    expect(await readdir(join(outDir, '..'))).toEqual(['articles']); // no build output at all
  });

  it('reports the problems of every bad file in one run', async () => {
    const { articlesDir, outDir } = await workspace([
      makeArticle('bad-url', { url: 'http://khabar.example/x' }),
      makeArticle('fine'),
      makeArticle('bad-section', { section: 'أخبار' }),
    ]);

    const result = await buildContent({ articlesDir, outDir });

    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => [p.file, p.path])).toEqual([
      [join(articlesDir, 'bad-section.md'), 'section'],
      [join(articlesDir, 'bad-url.md'), 'url'],
    ]);
  });

  it('refuses a second article with the same URL (up to its #fragment), naming the first', async () => {
    const { articlesDir, outDir } = await workspace([
      makeArticle('original', { url: 'https://news.example/story' }),
      makeArticle('twin', { url: 'https://news.example/story#comments' }),
    ]);

    const result = await buildContent({ articlesDir, outDir });

    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toEqual([
      { file: join(articlesDir, 'twin.md'), path: 'url', message: 'is already the URL of original.md: each article needs its own' },
    ]);
  });

  it('leaves the previous build output untouched when a build fails', async () => {
    const { articlesDir, outDir } = await workspace([makeArticle('first'), makeArticle('second')]);
    const before = await buildContent({ articlesDir, outDir });
    expect(before.ok).toBe(true);
    const previous = await snapshotDir(outDir);
    await writeArticle(articlesDir, makeArticle('third'));
    await writeFile(join(articlesDir, 'broken.md'), '---\nslug: broken\n---\n\nنص.\n');

    const result = await buildContent({ articlesDir, outDir });

    expect(result.ok).toBe(false);
    expect(await snapshotDir(outDir)).toEqual(previous);
    expect((JSON.parse(previous['manifest.json']!) as BuildManifest).articles).toBe(2);
  });
});

describe('the content:build command', () => {
  it('exits 0 on valid content and 1, naming file and field, on invalid content', async () => {
    const root = await copyContentProject(await tempDir());
    const articlesDir = join(root, 'content', 'articles');
    await writeArticle(articlesDir, makeArticle('good-one'));

    const good = await runNode(['content/build/cli.ts'], root);
    await writeArticle(articlesDir, makeArticle('bad-one', { url: 'javascript:alert(1)' }));
    const bad = await runNode(['content/build/cli.ts'], root);

    expect(good.code, good.stderr).toBe(0);
    expect(good.stdout).toMatch(/built 1 articles and 2 headline lists/);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain(`${join('content', 'articles', 'bad-one.md')}: url: must be an absolute https: URL`);
    const manifest = JSON.parse(await readFile(join(root, '.build', 'kv', 'manifest.json'), 'utf8')) as BuildManifest;
    expect(Object.keys(manifest.keys)).toContain('v1:article:good-one');
    expect(Object.keys(manifest.keys)).not.toContain('v1:article:bad-one');
  });

  it('accepts article files named on the command line, and refuses with usage (exit 2) a file that is not an article file of content/articles/', async () => {
    const root = await copyContentProject(await tempDir());
    const articlesDir = join(root, 'content', 'articles');
    await writeArticle(articlesDir, makeArticle('good-one'));
    expect((await runNode(['content/build/cli.ts'], root)).code).toBe(0);

    await writeArticle(articlesDir, makeArticle('good-one', { title: 'عنوان مصحح' }));
    const named = await runNode(['content/build/cli.ts', 'content/articles/good-one.md'], root);
    expect(named.code, named.stderr).toBe(0);
    expect(named.stdout).toMatch(/\(1 changed, 0 removed\)/);
    for (const outside of ['content/articles/../../package.json', 'content/schema.ts', '/etc/passwd', 'content/articles/notes.txt']) {
      const refused = await runNode(['content/build/cli.ts', outside], root);
      expect({ code: refused.code, usage: refused.stderr.includes('usage: npm run content:build') }, outside).toEqual({ code: 2, usage: true });
    }
  });
});

describe('at scale', () => {
  const TOTAL = 3000;
  const SECTIONS = ['news', 'world', 'sport'];

  /** 3000 articles over three sections, published a minute apart in shuffled file order. */
  async function manyArticles(): Promise<{ articlesDir: string; outDir: string; articles: ArticleInput[] }> {
    const { articlesDir, outDir } = await workspace();
    const articles = Array.from({ length: TOTAL }, (_, i) =>
      makeArticle(`story-${String(i).padStart(4, '0')}`, {
        section: SECTIONS[i % SECTIONS.length]!,
        publishedAt: new Date(Date.UTC(2026, 0, 1) + ((i * 7919) % TOTAL) * 60_000).toISOString(),
      }),
    );
    for (let i = 0; i < articles.length; i += 200) await Promise.all(articles.slice(i, i + 200).map((a) => writeArticle(articlesDir, a)));
    return { articlesDir, outDir, articles };
  }

  it('builds 3000 articles and keeps the 50 newest in every list', async () => {
    const { articlesDir, outDir, articles } = await manyArticles();

    const result = await buildContent({ articlesDir, outDir });

    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.manifest.articles).toBe(TOTAL);
    // An article and a canonical-URL record per article, the headline lists, the section index.
    expect(Object.keys(result.manifest.keys)).toHaveLength(2 * TOTAL + 1 + SECTIONS.length + 1);
    const lists = await readLists(outDir);
    expect(lists['v1:sections']).toEqual({ sections: [...SECTIONS].sort().map((name) => ({ name, count: TOTAL / SECTIONS.length })) });
    const newest = [...articles].sort((a, b) => Date.parse(b.publishedAt) - Date.parse(a.publishedAt)).map((a) => a.slug);
    expect(slugsOf(lists['v1:headlines:all'])).toEqual(newest.slice(0, 50));
    for (const section of SECTIONS) {
      const inSection = new Set(articles.filter((a) => a.section === section).map((a) => a.slug));
      expect(slugsOf(lists[`v1:headlines:section:${section}`])).toEqual(newest.filter((s) => inSection.has(s)).slice(0, 50));
    }
  });

  it('reports progress while validating 3000 articles, counts increasing up to the total', async () => {
    const { articlesDir, outDir } = await manyArticles();
    const progress: Array<[number, number]> = [];

    const result = await buildContent({ articlesDir, outDir, onProgress: (done, all) => progress.push([done, all]) });

    expect(result.ok).toBe(true);
    expect(progress.length).toBeGreaterThan(1);
    expect(progress.every(([, all]) => all === TOTAL)).toBe(true);
    expect(progress.at(-1)).toEqual([TOTAL, TOTAL]);
    const counts = progress.map(([done]) => done);
    for (let i = 1; i < counts.length; i += 1) expect(counts[i], `progress calls: ${counts.join(', ')}`).toBeGreaterThan(counts[i - 1]!);
  });
});
