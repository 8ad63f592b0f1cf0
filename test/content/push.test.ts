/**
 * The push (`npm run content:push -- --local`): what lands in KV. Runs the real wrangler against a local KV
 * persisted in a temp folder. Every wrangler call costs a second or two, so each test makes as few as the
 * behaviour allows.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type BuildManifest, buildContent } from '../../content/build/build-content.ts';
import { type PushOptions, PushRefused, pushContent } from '../../content/push/push-content.ts';
import type { ArticleInput } from '../../content/schema.ts';
import { WranglerFailed, wrangler } from '../../content/wrangler-cli.ts';
import { canonicalKeyOf, makeArticle, useTempDirs, writeArticle } from './helpers.ts';

const tempDir = useTempDirs('khabar-push-');

interface Site {
  articlesDir: string;
  outDir: string;
  persistTo: string;
  local: PushOptions;
}

async function site(articles: ArticleInput[]): Promise<Site> {
  const root = await tempDir();
  const articlesDir = join(root, 'articles');
  const persistTo = join(root, 'kv-state');
  await mkdir(articlesDir);
  for (const article of articles) await writeArticle(articlesDir, article);
  return { articlesDir, outDir: join(root, 'build'), persistTo, local: { target: 'local', persistTo } };
}

async function build({ articlesDir, outDir }: Site): Promise<BuildManifest> {
  const result = await buildContent({ articlesDir, outDir });
  if (!result.ok) throw new Error(`build failed: ${JSON.stringify(result.problems)}`);
  return result.manifest;
}

/** Read straight from wrangler, not through the code under test. */
function localKv(persistTo: string): string[] {
  return ['--binding', 'ARTICLES', '--local', '--persist-to', persistTo];
}

function parseJsonOutput(stdout: string): unknown {
  try {
    return JSON.parse(stdout);
  } catch {
    throw new Error(`wrangler printed something that is not JSON:\n${stdout}`);
  }
}

async function storedKeys(persistTo: string): Promise<Array<{ name: string; metadata?: { hash?: string } }>> {
  const { stdout } = await wrangler(['kv', 'key', 'list', '--prefix', 'v1:', ...localKv(persistTo)]);
  return parseJsonOutput(stdout) as Array<{ name: string; metadata?: { hash?: string } }>;
}

describe('pushing to local KV', () => {
  it('writes every record on the first push, and nothing when the same build is pushed again', async () => {
    const iraq = makeArticle('iraq-talks', { section: 'news' });
    const aleppo = makeArticle('aleppo-front', { section: 'world', publishedAt: '2026-11-25T09:00:00Z' });
    const s = await site([iraq, aleppo]);
    const manifest = await build(s);
    const keys = Object.keys(manifest.keys).sort();

    const first = await pushContent(s.outDir, manifest, s.local);
    const stored = await storedKeys(s.persistTo);
    const second = await pushContent(s.outDir, manifest, s.local);

    // 2 articles with their canonical-URL records, all-sections list, 2 section lists, the section index.
    expect(keys).toEqual(
      [
        'v1:article:aleppo-front',
        'v1:article:iraq-talks',
        canonicalKeyOf(aleppo.url),
        canonicalKeyOf(iraq.url),
        'v1:headlines:all',
        'v1:headlines:section:news',
        'v1:headlines:section:world',
        'v1:sections',
      ].sort(),
    );
    expect(first).toEqual({ written: keys.length, unchanged: 0, deleted: 0 });
    expect(stored.map((k) => k.name).sort()).toEqual(keys);
    for (const key of stored) expect(key.metadata?.hash, key.name).toBe(manifest.keys[key.name]);
    expect(second).toEqual({ written: 0, unchanged: keys.length, deleted: 0 });
  });

  it('rewrites everything when forced, and refuses to empty the namespace unless allowed', async () => {
    const s = await site([makeArticle('iraq-talks')]);
    const manifest = await build(s);
    await pushContent(s.outDir, manifest, s.local);

    const forced = await pushContent(s.outDir, manifest, { ...s.local, rewriteAll: true });
    await rm(join(s.articlesDir, 'iraq-talks.md'));
    const empty = await build(s);
    const refused = pushContent(s.outDir, empty, s.local);

    expect(forced).toEqual({ written: 5, unchanged: 0, deleted: 0 }); // article, canonical record, 2 lists, section index
    await expect(refused).rejects.toBeInstanceOf(PushRefused);
    expect((await storedKeys(s.persistTo)).map((k) => k.name)).toContain('v1:article:iraq-talks');
  });

  it('after one article is edited and another removed, rewrites only what changed and deletes the removed keys', async () => {
    const iraq = makeArticle('iraq-talks', { section: 'news', publishedAt: '2026-11-25T08:00:00Z' });
    const cup = makeArticle('cup-final', { section: 'sport', publishedAt: '2026-11-25T10:00:00Z' });
    const s = await site([iraq, makeArticle('aleppo-front', { section: 'world', publishedAt: '2026-11-25T09:00:00Z' }), cup]);
    const before = await build(s);
    await pushContent(s.outDir, before, s.local);
    await writeArticle(s.articlesDir, { ...iraq, title: 'عنوان مصحح' });
    await rm(join(s.articlesDir, 'cup-final.md'));
    const rebuilt = await build(s);

    const report = await pushContent(s.outDir, rebuilt, s.local);

    // Written: the edited article, the all-sections list and the news list (they carry its title), and the
    // section index (sport is gone). Unchanged: the other article, both remaining canonical-URL records and
    // the world list. Deleted: the removed article, its canonical-URL record and the sport list it was the
    // only item of.
    expect(report).toEqual({ written: 4, unchanged: 4, deleted: 3 });
    expect(Object.keys(before.keys).filter((key) => !(key in rebuilt.keys)).sort()).toEqual(
      ['v1:article:cup-final', canonicalKeyOf(cup.url), 'v1:headlines:section:sport'].sort(),
    );
    const stored = await storedKeys(s.persistTo);
    expect(stored.map((k) => k.name).sort()).toEqual(Object.keys(rebuilt.keys).sort());
    expect(stored.map((k) => k.name)).not.toContain(canonicalKeyOf(cup.url));
    expect(stored.find((k) => k.name === 'v1:article:iraq-talks')?.metadata?.hash).toBe(rebuilt.keys['v1:article:iraq-talks']);
    const { stdout } = await wrangler(['kv', 'key', 'get', 'v1:headlines:all', '--text', ...localKv(s.persistTo)]);
    const all = parseJsonOutput(stdout) as { items: Array<{ slug: string; title: string }> };
    expect(all.items.map((item) => [item.slug, item.title])).toEqual([
      ['aleppo-front', 'عنوان aleppo-front'],
      ['iraq-talks', 'عنوان مصحح'],
    ]);
  });

  it("replaces an article's canonical-URL record when its URL changes", async () => {
    const iraq = makeArticle('iraq-talks');
    const s = await site([iraq]);
    await pushContent(s.outDir, await build(s), s.local);
    const moved = { ...iraq, url: 'https://khabar.example/2026/11/iraq-talks' };
    await writeArticle(s.articlesDir, moved);
    const rebuilt = await build(s);

    const report = await pushContent(s.outDir, rebuilt, s.local);

    // Written: the article, its new canonical-URL record and both lists (they carry the URL). Unchanged: the
    // section index. Deleted: the old canonical-URL record.
    expect(report).toEqual({ written: 4, unchanged: 1, deleted: 1 });
    const stored = (await storedKeys(s.persistTo)).map((k) => k.name);
    expect(stored.sort()).toEqual(Object.keys(rebuilt.keys).sort());
    expect(stored).toContain(canonicalKeyOf(moved.url));
    expect(stored).not.toContain(canonicalKeyOf(iraq.url));
    const { stdout } = await wrangler(['kv', 'key', 'get', canonicalKeyOf(moved.url), '--text', ...localKv(s.persistTo)]);
    expect(parseJsonOutput(stdout)).toEqual({ slug: 'iraq-talks' });
  });
});

describe('when wrangler refuses a write', () => {
  it("fails with wrangler's whole reason, not its first line", async () => {
    // A record the build would refuse (content/limits.ts), written straight into a bulk file: what a
    // 29 MB body did before the bounds, and what any refusal by KV looks like.
    const s = await site([]);
    await mkdir(s.outDir);
    const value = JSON.stringify({ body: ['ب'.repeat(14_500_000)] });
    await writeFile(join(s.outDir, 'articles-0000.json'), JSON.stringify([{ key: 'v1:article:huge', value, metadata: { hash: 'h' } }]));
    const manifest: BuildManifest = { files: ['articles-0000.json'], keys: { 'v1:article:huge': 'h' }, articles: 1, lists: 0 };

    const failure = await pushContent(s.outDir, manifest, s.local).then(
      () => undefined,
      (error: unknown) => error,
    );

    expect(failure).toBeInstanceOf(WranglerFailed);
    const message = (failure as Error).message;
    expect(message).toMatch(/^wrangler kv bulk put failed \(exit 1\):\n/);
    expect(message).toMatch(/Value length of \d+ exceeds limit of 26214400/);
    expect(message, 'no terminal colour codes').not.toContain('\u001B[');
  });
});
