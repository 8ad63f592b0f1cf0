/**
 * The push (`npm run content:push -- --local`): what lands in KV. Runs against a real local KV (Miniflare's, as
 * `wrangler dev` keeps it) persisted in a temp folder, and reads it back through wrangler's own platform proxy,
 * not through the code under test.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { getPlatformProxy, unstable_readConfig } from 'wrangler';
import { describe, expect, it } from 'vitest';
import { type BuiltContent, buildContent } from '../../content/build/build-content.ts';
import { kvNamespaceConfig } from '../../content/project-config.ts';
import { type PushOptions, PushRefused, pushContent } from '../../content/push/push-content.ts';
import type { ArticleInput } from '../../content/schema.ts';
import { WranglerFailed, wrangler } from '../../content/wrangler-cli.ts';
import { PROJECT_ROOT, canonicalKeyOf, copyContentProject, makeArticle, runNode, useTempDirs, writeArticle } from './helpers.ts';

const tempDir = useTempDirs('khabar-push-');

interface Site {
  articlesDir: string;
  outDir: string;
  persistTo: string;
  local: PushOptions;
}

/** An editor's machine: its own articles folder and build (cache included), pushing to `persistTo`. */
async function site(articles: ArticleInput[], persistTo?: string): Promise<Site> {
  const root = await tempDir();
  const articlesDir = join(root, 'articles');
  const kv = persistTo ?? join(root, 'kv-state');
  await mkdir(articlesDir);
  for (const article of articles) await writeArticle(articlesDir, article);
  return { articlesDir, outDir: join(root, 'build'), persistTo: kv, local: { target: 'local', persistTo: kv } };
}

async function build({ articlesDir, outDir }: Site, full = false): Promise<BuiltContent> {
  const result = await buildContent({ articlesDir, outDir, full });
  if (!result.ok) throw new Error(`build failed: ${JSON.stringify(result.problems)}`);
  return result;
}

async function push(s: Site, options: Partial<PushOptions> = {}) {
  return pushContent(await build(s, options.full), { ...s.local, ...options });
}

interface Stored {
  /** Content keys (not the push's own `v1:push:` records nor `v1:state`) with the hash each was written with. */
  keys: Map<string, string | undefined>;
  get(key: string): Promise<unknown>;
}

/** What the namespace holds, read through wrangler's platform proxy. */
async function stored(persistTo: string): Promise<Stored> {
  const proxy = await getPlatformProxy<{ ARTICLES: { list: Function; get: Function } }>({ configPath: join(PROJECT_ROOT, 'wrangler.toml'), persist: { path: join(persistTo, 'v3') } });
  const kv = proxy.env.ARTICLES as unknown as { list(o: object): Promise<{ keys: Array<{ name: string; metadata?: { hash?: string } }>; list_complete: boolean; cursor?: string }>; get(k: string): Promise<string | null> };
  const keys = new Map<string, string | undefined>();
  let cursor: string | undefined;
  do {
    const page = await kv.list({ prefix: 'v1:', ...(cursor && { cursor }) });
    // The push's own records, and the content state (test/content/publish-state.test.ts), are not content.
    for (const key of page.keys) if (!key.name.startsWith('v1:push:') && key.name !== 'v1:state') keys.set(key.name, key.metadata?.hash);
    cursor = page.list_complete ? undefined : page.cursor;
  } while (cursor);
  const values = new Map<string, unknown>();
  for (const key of keys.keys()) if (!key.startsWith('v1:canonical:')) values.set(key, JSON.parse((await kv.get(key))!));
  await proxy.dispose();
  return { keys, get: async (key) => values.get(key) };
}

type List = { items: Array<{ slug: string; title: string }> };

async function slugsIn(s: Stored, key = 'v1:headlines:all'): Promise<string[]> {
  return ((await s.get(key)) as List).items.map((item) => item.slug);
}

/** No list names an article the namespace does not hold. */
async function expectNoDanglingEntries(s: Stored): Promise<void> {
  const lists = [...s.keys.keys()].filter((key) => key.startsWith('v1:headlines:'));
  expect(lists.length).toBeGreaterThan(0);
  for (const key of lists) for (const slug of await slugsIn(s, key)) expect(s.keys.has(`v1:article:${slug}`), `${key} → ${slug}`).toBe(true);
}

describe('pushing to local KV', () => {
  it('writes every record on the first push, and nothing when the same content is pushed again', async () => {
    const iraq = makeArticle('iraq-talks', { section: 'news' });
    const aleppo = makeArticle('aleppo-front', { section: 'world', publishedAt: '2026-11-25T09:00:00Z' });
    const s = await site([iraq, aleppo]);

    const first = await push(s);
    const built = await build(s);
    const afterFirst = await stored(s.persistTo);
    const second = await pushContent(built, s.local);

    // 2 articles with their canonical-URL records, all-sections list, 2 section lists, the section index.
    const keys = Object.keys(built.manifest.keys).sort();
    expect(keys).toEqual(
      ['v1:article:aleppo-front', 'v1:article:iraq-talks', canonicalKeyOf(aleppo.url), canonicalKeyOf(iraq.url), 'v1:headlines:all', 'v1:headlines:section:news', 'v1:headlines:section:world', 'v1:sections'].sort(),
    );
    expect(first).toMatchObject({ written: keys.length, unchanged: 0, deleted: 0 });
    expect([...afterFirst.keys.keys()].sort()).toEqual(keys);
    for (const [key, hash] of afterFirst.keys) expect(hash, key).toBe(built.manifest.keys[key]);
    expect(second).toEqual({ written: 0, unchanged: 4, deleted: 0 }); // lists and index compared; no article pending
  });

  it('after one article is edited and another removed, writes only what changed and deletes the removed keys', async () => {
    const iraq = makeArticle('iraq-talks', { section: 'news', publishedAt: '2026-11-25T08:00:00Z' });
    const cup = makeArticle('cup-final', { section: 'sport', publishedAt: '2026-11-25T10:00:00Z' });
    const s = await site([iraq, makeArticle('aleppo-front', { section: 'world', publishedAt: '2026-11-25T09:00:00Z' }), cup]);
    await push(s);
    await writeArticle(s.articlesDir, { ...iraq, title: 'عنوان مصحح' });
    await rm(join(s.articlesDir, 'cup-final.md'));

    const report = await push(s);

    // Written: the edited article and its canonical record (same value, rewritten with it), the all-sections and
    // news lists (they carry its title), the section index (sport is gone). Unchanged: the world list. Deleted:
    // the removed article, its canonical-URL record and the sport list it was the only item of.
    expect(report).toMatchObject({ written: 5, unchanged: 1, deleted: 3 });
    const kv = await stored(s.persistTo);
    expect([...kv.keys.keys()].sort()).toEqual(Object.keys((await build(s)).manifest.keys).sort());
    expect(kv.keys.has(canonicalKeyOf(cup.url))).toBe(false);
    expect(((await kv.get('v1:headlines:all')) as List).items.map((item) => [item.slug, item.title])).toEqual([
      ['aleppo-front', 'عنوان aleppo-front'],
      ['iraq-talks', 'عنوان مصحح'],
    ]);
  });

  it("replaces an article's canonical-URL record when its URL changes", async () => {
    const iraq = makeArticle('iraq-talks');
    const s = await site([iraq]);
    await push(s);
    const moved = { ...iraq, url: 'https://khabar.example/2026/11/iraq-talks' };
    await writeArticle(s.articlesDir, moved);

    await push(s);

    const kv = await stored(s.persistTo);
    expect(kv.keys.has(canonicalKeyOf(moved.url))).toBe(true);
    expect(kv.keys.has(canonicalKeyOf(iraq.url))).toBe(false);
    expect([...kv.keys.keys()].sort()).toEqual(Object.keys((await build(s)).manifest.keys).sort());
  });

  it('refuses to delete the last articles unless allowed', async () => {
    const s = await site([makeArticle('iraq-talks')]);
    await push(s);
    await rm(join(s.articlesDir, 'iraq-talks.md'));

    await expect(push(s)).rejects.toBeInstanceOf(PushRefused);
    expect((await stored(s.persistTo)).keys.has('v1:article:iraq-talks')).toBe(true);
    await push(s, { allowEmpty: true });
    expect((await stored(s.persistTo)).keys.has('v1:article:iraq-talks')).toBe(false);
  });

  it('when deletions empty the top of a full list, the next newest articles move up, as a full build lists them', async () => {
    const articles = Array.from({ length: 56 }, (_, i) => makeArticle(`story-${i}`, { publishedAt: new Date(Date.UTC(2026, 10, 1, 0, i)).toISOString() }));
    const s = await site(articles);
    await push(s);
    for (const i of [55, 54, 53, 40]) await rm(join(s.articlesDir, `story-${i}.md`));

    await push(s);

    const expected = Array.from({ length: 53 }, (_, i) => `story-${52 - i}`).filter((slug) => slug !== 'story-40').slice(0, 50);
    const kv = await stored(s.persistTo);
    expect(await slugsIn(kv)).toEqual(expected);
    expect(await slugsIn(kv, 'v1:headlines:section:news')).toEqual(expected);
    expect(await kv.get('v1:sections')).toEqual({ sections: [{ name: 'news', count: 52 }] });
  });

  it('sends everything again to a namespace that was emptied behind its back (a wiped .wrangler/state)', async () => {
    const s = await site([makeArticle('iraq-talks'), makeArticle('aleppo-front', { section: 'world' })]);
    await push(s);
    await rm(s.persistTo, { recursive: true, force: true });
    await writeArticle(s.articlesDir, makeArticle('cup-final', { section: 'sport' }));

    await push(s);

    const kv = await stored(s.persistTo);
    expect([...kv.keys.keys()].sort()).toEqual(Object.keys((await build(s)).manifest.keys).sort());
  });
});

describe('two editors and CI pushing to one namespace', () => {
  it("keeps another editor's stories: each push sends only what its own machine changed", async () => {
    const a = await site([makeArticle('from-a', { publishedAt: '2026-11-25T08:00:00Z' })]);
    const b = await site([makeArticle('from-b', { publishedAt: '2026-11-25T09:00:00Z' })], a.persistTo);
    await push(a);
    await push(b);
    await rm(join(a.articlesDir, 'from-a.md'));
    await writeArticle(a.articlesDir, makeArticle('from-a-2', { publishedAt: '2026-11-25T10:00:00Z' }));
    await push(a);

    const kv = await stored(a.persistTo);
    expect(await slugsIn(kv)).toEqual(['from-a-2', 'from-b']);
    expect(kv.keys.has('v1:article:from-a')).toBe(false);
    expect(await kv.get('v1:sections')).toEqual({ sections: [{ name: 'news', count: 2 }] });
  });

  it('two pushes at once: both stories are listed and stored, and no list points at a missing article', async () => {
    const base = [makeArticle('shared-old', { publishedAt: '2026-11-24T08:00:00Z' }), makeArticle('to-remove', { publishedAt: '2026-11-24T09:00:00Z' })];
    const a = await site(base);
    const b = await site(base, a.persistTo);
    await push(a);
    await push(b); // b's machine knows the namespace too (nothing to write)
    await writeArticle(a.articlesDir, makeArticle('story-a', { section: 'world', publishedAt: '2026-11-25T08:00:00Z' }));
    await rm(join(b.articlesDir, 'to-remove.md'));
    await writeArticle(b.articlesDir, makeArticle('story-b', { section: 'sport', publishedAt: '2026-11-25T09:00:00Z' }));
    const [builtA, builtB] = [await build(a), await build(b)];

    // Each push, once it has read the lists, waits until the other has too or is waiting for the lease: unserialized,
    // both would then write lists made from what they read, and one story would be lost from them.
    const events = { read: 0, waiting: 0 };
    const waiters: Array<() => void> = [];
    const notify = () => waiters.splice(0).forEach((wake) => wake());
    const otherCaughtUp = () =>
      new Promise<void>((resolve) => {
        const check = () => (events.read === 2 || events.waiting > 0 ? resolve() : waiters.push(check));
        check();
      });
    const racing = (options: PushOptions): PushOptions => ({
      ...options,
      log: (line) => line.includes('waiting for another push') && (events.waiting += 1, notify()),
      onListsRead: async () => {
        events.read += 1;
        notify();
        await otherCaughtUp();
      },
    });
    await Promise.all([pushContent(builtA, racing(a.local)), pushContent(builtB, racing(b.local))]);


    const kv = await stored(a.persistTo);
    expect(await slugsIn(kv)).toEqual(['story-b', 'story-a', 'shared-old']);
    expect(await slugsIn(kv, 'v1:headlines:section:world')).toEqual(['story-a']);
    expect(await slugsIn(kv, 'v1:headlines:section:sport')).toEqual(['story-b']);
    expect(await kv.get('v1:sections')).toEqual({ sections: [{ name: 'news', count: 1 }, { name: 'sport', count: 1 }, { name: 'world', count: 1 }] });
    await expectNoDanglingEntries(kv);
    expect(events.waiting, 'one push waited for the other').toBe(1);
  });
});

describe('--full', () => {
  it('reports drift between the namespace and its manifest, and repairs it', async () => {
    const s = await site([makeArticle('iraq-talks'), makeArticle('aleppo-front', { publishedAt: '2026-11-25T09:00:00Z' })]);
    await push(s);
    // Another tool wrote a record and deleted one behind the push's back.
    const local = ['--binding', 'ARTICLES', '--local', '--persist-to', s.persistTo];
    await writeFile(join(s.outDir, '..', 'ghost.json'), JSON.stringify([{ key: 'v1:article:ghost', value: '{}' }]));
    await wrangler(['kv', 'bulk', 'put', join(s.outDir, '..', 'ghost.json'), ...local]);
    await wrangler(['kv', 'key', 'delete', 'v1:article:iraq-talks', ...local]);

    const report = await push(s, { full: true });

    expect(report.drift).toEqual({ missing: ['v1:article:iraq-talks'], unexpected: ['v1:article:ghost'], differing: [] });
    const kv = await stored(s.persistTo);
    expect([...kv.keys.keys()].sort()).toEqual(Object.keys((await build(s)).manifest.keys).sort());
    expect((await push(s, { full: true })).drift).toEqual({ missing: [], unexpected: [], differing: [] });
  });

  it('rebuilds the lists from the manifest when their reserve record is gone', async () => {
    const s = await site([makeArticle('iraq-talks'), makeArticle('aleppo-front', { section: 'world', publishedAt: '2026-11-25T09:00:00Z' })]);
    await push(s);
    await wrangler(['kv', 'key', 'delete', 'v1:push:lists', '--binding', 'ARTICLES', '--local', '--persist-to', s.persistTo]);
    await writeArticle(s.articlesDir, makeArticle('cup-final', { section: 'sport', publishedAt: '2026-11-25T10:00:00Z' }));

    await push(s);

    const kv = await stored(s.persistTo);
    expect(await slugsIn(kv)).toEqual(['cup-final', 'aleppo-front', 'iraq-talks']);
    expect(await kv.get('v1:sections')).toEqual({ sections: [{ name: 'news', count: 1 }, { name: 'sport', count: 1 }, { name: 'world', count: 1 }] });
  });
});

describe('the content:push command', () => {
  it('publishes a new story with one article written, and says what --full found', async () => {
    const root = await copyContentProject(await tempDir());
    const articlesDir = join(root, 'content', 'articles');
    const persistTo = join(root, 'kv-state');
    await writeArticle(articlesDir, makeArticle('iraq-talks'));
    const first = await runNode(['content/push/cli.ts', '--local', '--persist-to', persistTo], root);
    await writeArticle(articlesDir, makeArticle('cup-final', { section: 'sport', publishedAt: '2026-11-25T10:00:00Z' }));

    const second = await runNode(['content/push/cli.ts', '--local', '--persist-to', persistTo], root);
    const full = await runNode(['content/push/cli.ts', '--local', '--persist-to', persistTo, '--full'], root);

    expect(first.code, first.stderr).toBe(0);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toMatch(/built 2 articles and 3 headline lists .*\(1 changed, 0 removed\)/);
    // Written: the story and its canonical-URL record, the all-sections and sport lists, the section index.
    // Unchanged: the news list. The other article is not even compared.
    expect(second.stdout).toContain('pushed to local KV: 5 written, 1 unchanged, 0 deleted');
    expect(full.code, full.stderr).toBe(0);
    expect(full.stderr).toContain('no drift: the namespace holds what its manifest says');
    expect(await slugsIn(await stored(persistTo))).toEqual(['cup-final', 'iraq-talks']);
  });
});

describe("the push's own reading of wrangler.toml", () => {
  it("names the namespace and compatibility date wrangler's parser does", () => {
    const config = unstable_readConfig({ config: join(PROJECT_ROOT, 'wrangler.toml') });
    const articles = config.kv_namespaces.find((ns: { binding: string }) => ns.binding === 'ARTICLES');

    expect(kvNamespaceConfig()).toEqual({ id: articles?.id, compatibilityDate: config.compatibility_date });
  });
});

describe('when wrangler refuses a write (the remote push goes through wrangler)', () => {
  it("fails with wrangler's whole reason, not its first line", async () => {
    const s = await site([]);
    const file = join(s.articlesDir, '..', 'huge.json');
    await writeFile(file, JSON.stringify([{ key: 'v1:article:huge', value: JSON.stringify({ body: ['ب'.repeat(14_500_000)] }) }]));

    const failure = await wrangler(['kv', 'bulk', 'put', file, '--binding', 'ARTICLES', '--local', '--persist-to', s.persistTo]).then(
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
