/**
 * The incremental build (`npm run content:build` with its cache in .build/kv-cache/): after any sequence of adds,
 * edits, renames and deletes it writes exactly what a full build of the same folder writes, while reading only the
 * files that changed, whether it finds them by checking every file (a scan) or from the change journal.
 */
import { mkdir, readFile, readdir, rename, rm, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatArticleFile } from '../../content/article-file.ts';
import { type BuildResult, type KvEntry, buildContent, defaultCacheDir } from '../../content/build/build-content.ts';
import { journalWatched, openJournal } from '../../content/build/change-journal.ts';
import type { ArticleInput } from '../../content/schema.ts';
import { importExport } from '../../content/import/import-export.ts';
import { SAMPLE_EXPORT, makeArticle, useTempDirs } from './helpers.ts';

const tempDir = useTempDirs('khabar-incremental-');

const SECTIONS = ['news', 'world', 'sport'] as const;
/** Few distinct times, so ties (ordered by slug) happen; 60 articles, so deletions reach into the 51st. */
const TIMES = Array.from({ length: 8 }, (_, i) => `2026-11-2${i % 8}T0${i % 3}:00:00Z`);
const SLUGS = Array.from({ length: 70 }, (_, i) => `story-${i}`);

interface Spec {
  section: (typeof SECTIONS)[number];
  time: number;
  title: number;
  /** Breaking news (kept in its lists beyond the newest 50), or a takedown (built as a deleted file). */
  flag?: 'breaking' | 'withdrawn' | undefined;
}

function articleOf(slug: string, spec: Spec): ArticleInput {
  const flags: Partial<ArticleInput> =
    spec.flag === 'breaking' ? { breaking: true, breakingUntil: `2026-12-0${1 + spec.title}T00:00:00Z` } : spec.flag === 'withdrawn' ? { withdrawn: true } : {};
  return makeArticle(slug, { section: spec.section, publishedAt: TIMES[spec.time]!, title: `عنوان ${slug} ${spec.title}`, ...flags });
}

const spec = fc.record({
  section: fc.constantFrom(...SECTIONS),
  time: fc.nat({ max: TIMES.length - 1 }),
  title: fc.nat({ max: 3 }),
  flag: fc.constantFrom(undefined, undefined, undefined, 'breaking' as const, 'withdrawn' as const),
});
const slug = fc.constantFrom(...SLUGS);
const op = fc.oneof(
  fc.record({ kind: fc.constant('write' as const), slug, spec }), // an add, or an edit of an existing one
  fc.record({ kind: fc.constant('rename' as const), slug, to: slug }),
  fc.record({ kind: fc.constant('delete' as const), slug }),
  fc.record({ kind: fc.constant('touch' as const), slug }), // saved again unchanged: a new time, the same text
);
type Op = typeof op extends fc.Arbitrary<infer T> ? T : never;

/** Every record a build wrote, by key: the changed ones from its bulk files. */
async function recordsOf(result: BuildResult & { ok: true }): Promise<Map<string, string>> {
  const records = new Map<string, string>();
  for (const file of result.manifest.files) {
    for (const entry of JSON.parse(await readFile(join(result.outDir, file), 'utf8')) as KvEntry[]) records.set(entry.key, entry.value);
  }
  return records;
}

function ok(result: BuildResult): BuildResult & { ok: true } {
  if (!result.ok) throw new Error(`build failed: ${JSON.stringify(result.problems)}`);
  return result;
}

describe('an incremental build', () => {
  it('writes exactly what a full build writes, after random adds, edits, renames and deletes, reading only changed files', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(op, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 5 }), async (steps) => {
        const root = await tempDir();
        const articlesDir = join(root, 'articles');
        const incremental = { articlesDir, outDir: join(root, 'inc', 'kv') };
        // The same edits, found from the journal the tools keep instead of by checking every file.
        const journalled = { articlesDir, outDir: join(root, 'journal', 'kv'), find: 'journal' as const };
        await import('node:fs/promises').then((fs) => fs.mkdir(articlesDir));
        // Modification times advance one second per write, in the past: as edits made before the build ran.
        let clock = Date.parse('2025-01-01T00:00:00Z') / 1000;
        const save = async (name: string, text: string) => {
          await writeFile(join(articlesDir, name), text);
          clock += 1;
          await utimes(join(articlesDir, name), clock, clock);
        };
        const present = new Map<string, Spec>();
        for (const [i, s] of SLUGS.slice(0, 60).entries()) {
          const initial: Spec = { section: SECTIONS[i % 3]!, time: i % TIMES.length, title: 0 };
          present.set(s, initial);
          await save(`${s}.md`, formatArticleFile(articleOf(s, initial)));
        }
        ok(await buildContent(incremental));
        ok(await buildContent(journalled));

        for (const step of steps) {
          const touched = new Set<string>();
          const named = new Set<string>(); // slugs the journal names
          const journal = await openJournal(defaultCacheDir(journalled.outDir), articlesDir);
          for (const o of step as Op[]) {
            journal.add(`${o.slug}.md`);
            named.add(o.slug);
            if (o.kind === 'rename') {
              journal.add(`${o.to}.md`);
              named.add(o.to);
            }
            if (o.kind === 'write') {
              present.set(o.slug, o.spec);
              await save(`${o.slug}.md`, formatArticleFile(articleOf(o.slug, o.spec)));
              touched.add(o.slug);
            } else if (o.kind === 'touch' && present.has(o.slug)) {
              await save(`${o.slug}.md`, formatArticleFile(articleOf(o.slug, present.get(o.slug)!)));
              touched.add(o.slug);
            } else if (o.kind === 'delete' && present.has(o.slug)) {
              present.delete(o.slug);
              await rm(join(articlesDir, `${o.slug}.md`));
              touched.delete(o.slug);
            } else if (o.kind === 'rename' && present.has(o.slug) && !present.has(o.to)) {
              // The slug changes with the name (they must match): the text is rewritten, then the file moved.
              const moved = present.get(o.slug)!;
              await save(`${o.slug}.md`, formatArticleFile(articleOf(o.to, moved)));
              await rename(join(articlesDir, `${o.slug}.md`), join(articlesDir, `${o.to}.md`));
              present.delete(o.slug);
              present.set(o.to, moved);
              touched.delete(o.slug);
              touched.add(o.to);
            }
          }
          await journal.close();
          let read = -1;
          const inc = ok(await buildContent({ ...incremental, onProgress: (_done, total) => (read = total) }));
          let readFromJournal = -1;
          const fromJournal = ok(await buildContent({ ...journalled, onProgress: (_done, total) => (readFromJournal = total) }));
          const full = ok(await buildContent({ articlesDir, outDir: join(root, 'full', 'kv'), full: true }));

          const fullRecords = await recordsOf(full);
          expect(fromJournal.changes.how).toBe('journal');
          expect(fromJournal.manifest.keys).toEqual(full.manifest.keys);
          expect(await readFile(join(fromJournal.outDir, 'lists.json'), 'utf8')).toBe(await readFile(join(full.outDir, 'lists.json'), 'utf8'));
          for (const [key, value] of await recordsOf(fromJournal)) expect(value, key).toBe(fullRecords.get(key));
          // A withdrawn file has no row in the cache: named in the journal, it is read again even when unchanged.
          const withdrawnNamed = [...present].filter(([name, p]) => p.flag === 'withdrawn' && named.has(name) && !touched.has(name)).length;
          expect(readFromJournal).toBe([...touched].filter((s) => present.has(s)).length + withdrawnNamed);
          expect(inc.manifest.keys).toEqual(full.manifest.keys);
          expect({ articles: inc.manifest.articles, lists: inc.manifest.lists }).toEqual({ articles: full.manifest.articles, lists: full.manifest.lists });
          const incRecords = await recordsOf(inc);
          expect(fullRecords.size).toBe(Object.keys(full.manifest.keys).length);
          for (const [key, value] of incRecords) expect(value, key).toBe(fullRecords.get(key));
          // The lists and section index are always written; of the articles, only what changed.
          expect(await readFile(join(inc.outDir, 'lists.json'), 'utf8')).toBe(await readFile(join(full.outDir, 'lists.json'), 'utf8'));
          // A withdrawn file has no row in the cache: it is read again by every build.
          const withdrawn = [...present].filter(([name, p]) => p.flag === 'withdrawn' && !touched.has(name)).length;
          expect(read).toBe([...touched].filter((s) => present.has(s)).length + withdrawn);
          expect((await readdir(articlesDir)).length).toBe(present.size);
        }
      }),
      { numRuns: 12 },
    );
  }, 240_000);
});

describe('finding changes from the journal', () => {
  /** A folder of articles built once from the journal's point of view, and what reads the journal. */
  async function journalled(count = 3) {
    const root = await tempDir();
    const articlesDir = join(root, 'articles');
    await mkdir(articlesDir);
    for (let i = 0; i < count; i += 1) await writeFile(join(articlesDir, `story-${i}.md`), formatArticleFile(makeArticle(`story-${i}`)));
    const options = { articlesDir, outDir: join(root, 'kv'), find: 'journal' as const };
    const cacheDir = defaultCacheDir(options.outDir);
    ok(await buildContent(options));
    let read = -1;
    const build = async (extra: { names?: string[]; watched?: boolean } = {}) => ok(await buildContent({ ...options, ...extra, onProgress: (_d, total) => (read = total) }));
    return { articlesDir, cacheDir, build, read: () => read };
  }

  it('notices a file added by hand, outside the journal, checks every file instead and says why', async () => {
    const site = await journalled();
    await writeFile(join(site.articlesDir, 'by-hand.md'), formatArticleFile(makeArticle('by-hand')));
    const built = await site.build();
    expect(built.changes.how).toBe('scan');
    expect(built.changes.untrusted).toMatch(/added, removed or renamed/);
    expect(built.changes.changed).toEqual(['by-hand']);
    expect(built.manifest.articles).toBe(4);
    // Checked once: the next build trusts the journal again.
    expect((await site.build()).changes.how).toBe('journal');
  });

  it('notices a file deleted by hand, and a file deleted through the journal is removed without a scan', async () => {
    const site = await journalled();
    await rm(join(site.articlesDir, 'story-0.md'));
    const byHand = await site.build();
    expect({ how: byHand.changes.how, removed: byHand.changes.removed }).toEqual({ how: 'scan', removed: ['story-0'] });
    const journal = await openJournal(site.cacheDir, site.articlesDir);
    journal.add('story-1.md');
    await rm(join(site.articlesDir, 'story-1.md'));
    await journal.close();
    const journalledDelete = await site.build();
    expect({ how: journalledDelete.changes.how, removed: journalledDelete.changes.removed, articles: journalledDelete.manifest.articles }).toEqual({ how: 'journal', removed: ['story-1'], articles: 1 });
  });

  it('does not trust an import that never finished (its entry still open): every file is checked', async () => {
    const site = await journalled();
    const journal = await openJournal(site.cacheDir, site.articlesDir);
    journal.add('story-9.md');
    await writeFile(join(site.articlesDir, 'story-9.md'), formatArticleFile(makeArticle('story-9')));
    const built = await site.build(); // the writer never closed its entry: it may have died midway
    expect(built.changes.how).toBe('scan');
    expect(built.changes.untrusted).toMatch(/stopped midway/);
    expect(built.changes.changed).toEqual(['story-9']);
  });

  it('does not see a file saved in place by hand (the documented rule), and does when the file is named', async () => {
    const site = await journalled();
    const file = join(site.articlesDir, 'story-1.md');
    await writeFile(file, formatArticleFile(makeArticle('story-1', { title: 'عنوان مصحح' })));
    const unseen = await site.build();
    expect({ how: unseen.changes.how, changed: unseen.changes.changed, read: site.read() }).toEqual({ how: 'journal', changed: [], read: 0 });
    const named = await site.build({ names: ['story-1.md'] });
    expect({ how: named.changes.how, changed: named.changes.changed, read: site.read() }).toEqual({ how: 'journal', changed: ['story-1'], read: 1 });
  });

  it("trusts a watcher's names when the build watched throughout, and checks every file when it did not", async () => {
    const site = await journalled();
    await writeFile(join(site.articlesDir, 'saved-in-preview.md'), formatArticleFile(makeArticle('saved-in-preview')));
    await journalWatched(site.cacheDir, site.articlesDir, ['saved-in-preview.md']);
    const watched = await site.build({ watched: true });
    expect({ how: watched.changes.how, changed: watched.changes.changed, read: site.read() }).toEqual({ how: 'journal', changed: ['saved-in-preview'], read: 1 });

    await writeFile(join(site.articlesDir, 'left-unbuilt.md'), formatArticleFile(makeArticle('left-unbuilt')));
    await journalWatched(site.cacheDir, site.articlesDir, ['left-unbuilt.md']);
    const later = await site.build(); // a command after the preview stopped: it did not watch
    expect({ how: later.changes.how, changed: later.changes.changed }).toEqual({ how: 'scan', changed: ['left-unbuilt'] });
    expect(later.changes.untrusted).toMatch(/npm start/);
  });

  it('takes a story withdrawn through the journal out like a deleted file, without a scan', async () => {
    const site = await journalled();
    const journal = await openJournal(site.cacheDir, site.articlesDir);
    journal.add('story-1.md');
    await writeFile(join(site.articlesDir, 'story-1.md'), formatArticleFile(makeArticle('story-1', { withdrawn: true })));
    await journal.close();
    const built = await site.build();
    expect({ how: built.changes.how, removed: built.changes.removed, articles: built.manifest.articles }).toEqual({ how: 'journal', removed: ['story-1'], articles: 2 });
    expect(Object.keys(built.manifest.keys)).not.toContain('v1:article:story-1');
  });

  it('builds a partner file saved under npm start (no article named) without reading any article', async () => {
    const site = await journalled();
    await mkdir(join(site.articlesDir, '..', 'partners'));
    await writeFile(join(site.articlesDir, '..', 'partners', 'acme.yaml'), 'name: Acme News\nstatus: paused\n');
    await journalWatched(site.cacheDir, site.articlesDir, []);
    const built = await site.build({ watched: true });
    expect({ how: built.changes.how, read: site.read(), status: built.partners['acme']?.status }).toEqual({ how: 'journal', read: 0, status: 'paused' });
  });

  it('keeps the journal when a build fails, so the fixed file is read by the next one', async () => {
    const site = await journalled();
    const journal = await openJournal(site.cacheDir, site.articlesDir);
    journal.add('story-2.md');
    await writeFile(join(site.articlesDir, 'story-2.md'), '---\ntitle: [broken\n---\n');
    await journal.close();
    expect((await buildContent({ articlesDir: site.articlesDir, outDir: join(site.cacheDir, '..', 'kv'), find: 'journal' })).ok).toBe(false);
    await writeFile(join(site.articlesDir, 'story-2.md'), formatArticleFile(makeArticle('story-2', { title: 'عنوان جديد' })));
    const fixed = await site.build(); // an in-place fix, seen because the failed build left the name in the journal
    expect({ how: fixed.changes.how, changed: fixed.changes.changed }).toEqual({ how: 'journal', changed: ['story-2'] });
  });
});

describe('importing the newsroom export into a large content/', () => {
  it('writes only the files the export names (it never scans the folder), and the next build reads only those', async () => {
    const root = await tempDir();
    const articlesDir = join(root, 'articles');
    await import('node:fs/promises').then((fs) => fs.mkdir(articlesDir));
    const archive = Array.from({ length: 1500 }, (_, i) => makeArticle(`archive-${i}`, { publishedAt: new Date(Date.UTC(2025, 0, 1, 0, i)).toISOString() }));
    for (let i = 0; i < archive.length; i += 250) await Promise.all(archive.slice(i, i + 250).map((a) => writeFile(join(articlesDir, `${a.slug}.md`), formatArticleFile(a))));
    const past = Date.parse('2025-06-01T00:00:00Z') / 1000;
    for (const a of archive) await utimes(join(articlesDir, `${a.slug}.md`), past, past);
    ok(await buildContent({ articlesDir, outDir: join(root, 'kv') }));

    const imported = await importExport(await readFile(SAMPLE_EXPORT, 'utf8'), { outDir: articlesDir, siteOrigin: 'https://khabar.example', journalDir: defaultCacheDir(join(root, 'kv')) });
    let read = -1;
    const built = ok(await buildContent({ articlesDir, outDir: join(root, 'kv'), find: 'journal', onProgress: (_done, total) => (read = total) }));

    expect(built.changes.how).toBe('journal'); // from the import's journal: the folder was neither listed nor checked
    expect(imported.written.length).toBeGreaterThan(0);
    expect(imported.problems).toEqual([]);
    expect(read).toBe(imported.written.length);
    expect(built.manifest.articles).toBe(archive.length + imported.written.length);
    expect(built.changes.changed.sort()).toEqual(imported.written.map((file) => file.slice(articlesDir.length + 1, -'.md'.length)).sort());
  });
});
