/**
 * Breaking news and takedowns in the content tools: what `breaking: true`, `breakingUntil` and `withdrawn: true` in
 * front matter turn into in the build and the push (local KV, read back through wrangler's platform proxy), and
 * `content:import --breaking`.
 */
import { mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { getPlatformProxy } from 'wrangler';
import { describe, expect, it } from 'vitest';
import { parseArticleFile } from '../../content/article-file.ts';
import { BREAKING_KEPT } from '../../content/build/breaking-lists.ts';
import { type KvEntry, buildContent } from '../../content/build/build-content.ts';
import { importExport } from '../../content/import/import-export.ts';
import { pushContent } from '../../content/push/push-content.ts';
import { HEADLINES_MAX, articleKey, headlinesKey, sectionsKey } from '../../content/records.ts';
import type { ArticleInput, HeadlineList } from '../../content/schema.ts';
import { PROJECT_ROOT, SAMPLE_EXPORT, canonicalKeyOf, makeArticle, useTempDirs, writeArticle } from './helpers.ts';

const tempDir = useTempDirs('khabar-breaking-');

async function workspace(articles: ArticleInput[]) {
  const root = await tempDir();
  const articlesDir = join(root, 'articles');
  await mkdir(articlesDir);
  for (const article of articles) await writeArticle(articlesDir, article);
  return { root, articlesDir, outDir: join(root, 'kv'), persistTo: join(root, 'kv-state') };
}

async function build(articles: ArticleInput[]) {
  const ws = await workspace(articles);
  const result = await buildContent({ articlesDir: ws.articlesDir, outDir: ws.outDir });
  return { result, records: await recordsOf(ws.outDir, result) };
}

async function recordsOf(outDir: string, result: Awaited<ReturnType<typeof buildContent>>) {
  const records = new Map<string, unknown>();
  if (result.ok) {
    for (const file of result.manifest.files) {
      for (const entry of JSON.parse(await readFile(join(outDir, file), 'utf8')) as KvEntry[]) records.set(entry.key, JSON.parse(entry.value));
    }
  }
  return records;
}

const hour = (h: number) => `2026-11-25T${String(h).padStart(2, '0')}:00:00Z`;
const slugs = (list: unknown) => (list as HeadlineList).items.map((item) => item.slug);

describe('breaking: true', () => {
  it('is stored with its expiry, two hours after publishedAt unless the file says when, in the article and its headlines', async () => {
    const { result, records } = await build([
      makeArticle('alert', { publishedAt: hour(8), breaking: true }),
      makeArticle('alert-until', { publishedAt: hour(7), breaking: true, breakingUntil: hour(12) }),
      makeArticle('calm', { publishedAt: hour(9), breaking: false }),
    ]);

    expect(result.ok).toBe(true);
    expect(records.get(articleKey('alert'))).toMatchObject({ breaking: true, breakingUntil: '2026-11-25T10:00:00Z' });
    expect(records.get(articleKey('calm'))).not.toHaveProperty('breaking');
    // Stored newest first: which stories are breaking *now* is decided when the list is served.
    expect((records.get(headlinesKey()) as HeadlineList).items.map((item) => [item.slug, item.breaking, item.breakingUntil])).toEqual([
      ['calm', undefined, undefined],
      ['alert', true, '2026-11-25T10:00:00Z'],
      ['alert-until', true, hour(12)],
    ]);
  });

  it('refuses a breakingUntil without breaking: true, or not after publishedAt, and a breaking that is not a boolean', async () => {
    const { result } = await build([
      makeArticle('no-flag', { publishedAt: hour(8), breakingUntil: hour(10) }),
      makeArticle('too-early', { publishedAt: hour(8), breaking: true, breakingUntil: hour(8) }),
      makeArticle('yes', { breaking: 'yes' as unknown as boolean }),
    ]);

    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.problems.map((p) => [p.file.split('/').pop(), p.path, p.message])).toEqual([
      ['no-flag.md', 'breakingUntil', 'is only read with breaking: true'],
      ['too-early.md', 'breakingUntil', 'must be later than publishedAt'],
      ['yes.md', 'breaking', 'must be true or false'],
    ]);
  });

  it(`stays in its lists behind ${HEADLINES_MAX} newer stories, at most ${BREAKING_KEPT} such per list (the latest-expiring)`, async () => {
    const newer = Array.from({ length: HEADLINES_MAX }, (_, i) => makeArticle(`new-${i}`, { publishedAt: `2026-11-25T09:${String(i).padStart(2, '0')}:00Z` }));
    const old = Array.from({ length: BREAKING_KEPT + 2 }, (_, i) =>
      makeArticle(`old-${i}`, { publishedAt: `2026-11-24T${String(i).padStart(2, '0')}:00:00Z`, breaking: true, breakingUntil: `2026-11-26T${String(10 + i).padStart(2, '0')}:00:00Z` }),
    );

    const { records } = await build([...newer, ...old]);

    for (const key of [headlinesKey(), headlinesKey('news')]) {
      const listed = slugs(records.get(key));
      expect(listed).toHaveLength(HEADLINES_MAX + BREAKING_KEPT);
      expect(listed.slice(0, HEADLINES_MAX).every((slug) => slug.startsWith('new-'))).toBe(true);
      // old-0 and old-1 expire first and are the ones left out; the rest follow newest first.
      expect(listed.slice(HEADLINES_MAX)).toEqual(old.slice(2).map((a) => a.slug).reverse());
    }
  });
});

describe('withdrawn: true (a takedown)', () => {
  it('is built as a deleted file: no article, no canonical record, not listed, not counted; its URL free again', async () => {
    const url = 'https://khabar.example/articles/taken-down';
    const { result, records } = await build([
      makeArticle('taken-down', { url, withdrawn: true, publishedAt: hour(9), breaking: true }),
      makeArticle('kept', { publishedAt: hour(8) }),
      makeArticle('same-url-later', { url, section: 'world', publishedAt: hour(7) }),
    ]);

    expect(result.ok).toBe(true);
    expect(records.has(articleKey('taken-down'))).toBe(false);
    expect(records.get(canonicalKeyOf(url))).toEqual({ slug: 'same-url-later' });
    expect(slugs(records.get(headlinesKey()))).toEqual(['kept', 'same-url-later']);
    expect(records.get(sectionsKey())).toEqual({ sections: [{ name: 'news', count: 1 }, { name: 'world', count: 1 }] });
    expect(result.ok && result.manifest.articles).toBe(2);
  });

  it('is still checked: a withdrawn file with a mistake is reported, not silently dropped', async () => {
    const { result } = await build([makeArticle('taken-down', { withdrawn: 'yes' as unknown as boolean })]);

    expect(result.ok ? [] : result.problems.map((p) => [p.path, p.message])).toEqual([['withdrawn', 'must be true or false']]);
  });
});

describe('the push', () => {
  it('keeps an old breaking story listed, and takes a withdrawn one out of KV, as a full build lists them', async () => {
    const newer = Array.from({ length: HEADLINES_MAX + 5 }, (_, i) => makeArticle(`new-${i}`, { publishedAt: `2026-11-25T09:${String(i).padStart(2, '0')}:00Z` }));
    const ws = await workspace([...newer, makeArticle('old-calm', { publishedAt: hour(1) })]);
    const push = async () => {
      const result = await buildContent({ articlesDir: ws.articlesDir, outDir: ws.outDir });
      if (!result.ok) throw new Error(JSON.stringify(result.problems));
      await pushContent(result, { target: 'local', persistTo: ws.persistTo });
      return result;
    };
    await push();

    // An editor marks an old story breaking (incremental push: the reserve is updated, not refilled)…
    await writeArticle(ws.articlesDir, makeArticle('old-breaking', { publishedAt: hour(2), breaking: true, breakingUntil: hour(23) }));
    await push();
    const afterBreaking = await readKv(ws.persistTo, [headlinesKey()]);
    // …then takes down the newest story and the breaking one.
    await writeArticle(ws.articlesDir, makeArticle('new-0', { publishedAt: '2026-11-25T09:00:00Z', withdrawn: true }));
    await rm(join(ws.articlesDir, 'old-breaking.md'));
    const last = await push();
    const afterTakedown = await readKv(ws.persistTo, [headlinesKey(), articleKey('new-0'), articleKey('old-breaking')]);

    expect(slugs(afterBreaking.get(headlinesKey())).at(-1)).toBe('old-breaking');
    expect(slugs(afterBreaking.get(headlinesKey()))).toHaveLength(HEADLINES_MAX + 1);
    expect(afterTakedown.get(articleKey('new-0'))).toBeNull();
    expect(afterTakedown.get(articleKey('old-breaking'))).toBeNull();
    const built = await recordsOf(ws.outDir, last);
    expect(afterTakedown.get(headlinesKey())).toEqual(built.get(headlinesKey()));
    expect(slugs(afterTakedown.get(headlinesKey()))).not.toContain('new-0');
  });
});

async function readKv(persistTo: string, keys: string[]): Promise<Map<string, unknown>> {
  const proxy = await getPlatformProxy<{ ARTICLES: { get(key: string): Promise<string | null> } }>({ configPath: join(PROJECT_ROOT, 'wrangler.toml'), persist: { path: join(persistTo, 'v3') } });
  try {
    const found = new Map<string, unknown>();
    for (const key of keys) {
      const text = await proxy.env.ARTICLES.get(key);
      found.set(key, text === null ? null : JSON.parse(text));
    }
    return found;
  } finally {
    await proxy.dispose();
  }
}

describe('content:import --breaking', () => {
  it('marks the imported articles breaking: true, leaves the expiry to its default, and a re-import keeps the mark', async () => {
    const dir = await tempDir();
    const text = await readFile(SAMPLE_EXPORT, 'utf8');
    const options = { outDir: dir, siteOrigin: 'https://khabar.example', publishedAt: hour(8) };

    const first = await importExport(text, { ...options, breaking: true });
    const again = await importExport(text, options);

    expect(first.written.length).toBeGreaterThan(0);
    for (const file of first.written) {
      const fields = parseArticleFile(await readFile(file, 'utf8'));
      expect(fields['breaking']).toBe(true);
      expect(fields).not.toHaveProperty('breakingUntil');
    }
    expect(again.unchanged).toHaveLength(first.written.length);
  });
});
