/**
 * The incremental build (`npm run content:build` with its cache in .build/kv-cache/): after any sequence of adds,
 * edits, renames and deletes it writes exactly what a full build of the same folder writes, while reading only the
 * files that changed.
 */
import { readFile, readdir, rename, rm, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatArticleFile } from '../../content/article-file.ts';
import { type BuildResult, type KvEntry, buildContent } from '../../content/build/build-content.ts';
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

        for (const step of steps) {
          const touched = new Set<string>();
          for (const o of step as Op[]) {
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
          let read = -1;
          const inc = ok(await buildContent({ ...incremental, onProgress: (_done, total) => (read = total) }));
          const full = ok(await buildContent({ articlesDir, outDir: join(root, 'full', 'kv'), full: true }));

          expect(inc.manifest.keys).toEqual(full.manifest.keys);
          expect({ articles: inc.manifest.articles, lists: inc.manifest.lists }).toEqual({ articles: full.manifest.articles, lists: full.manifest.lists });
          const fullRecords = await recordsOf(full);
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

    const imported = await importExport(await readFile(SAMPLE_EXPORT, 'utf8'), { outDir: articlesDir, siteOrigin: 'https://khabar.example' });
    let read = -1;
    const built = ok(await buildContent({ articlesDir, outDir: join(root, 'kv'), onProgress: (_done, total) => (read = total) }));

    expect(imported.written.length).toBeGreaterThan(0);
    expect(imported.problems).toEqual([]);
    expect(read).toBe(imported.written.length);
    expect(built.manifest.articles).toBe(archive.length + imported.written.length);
    expect(built.changes.changed.sort()).toEqual(imported.written.map((file) => file.slice(articlesDir.length + 1, -'.md'.length)).sort());
  });
});
