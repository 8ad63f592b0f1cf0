/**
 * The importer (`npm run content:import`): what an editor gets in content/articles/ from a newsroom export.
 */
import { readFile, readdir, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { formatArticleFile, parseArticleFile } from '../../content/article-file.ts';
import { type ImportOptions, type ImportReport, importExport } from '../../content/import/import-export.ts';
import { slugify } from '../../content/import/slugify.ts';
import { isInvisible } from '../../content/plain-text.ts';
import { ArticleInput, Slug } from '../../content/schema.ts';
import { SAMPLE_EXPORT, URL_SAFE_SLUG, mtimesOf, runNode, snapshotDir, useTempDirs } from './helpers.ts';

const SITE = 'https://khabar.example';
const WASHINGTON = {
  slug: 'washntn-tjdd-altzamha-alshraka-alastratyjya-m-bghdad-6a186b',
  title: 'واشنطن تجدد التزامها الشراكة الاستراتيجية مع بغداد',
  dek: 'وسط استمرار الهجمات المسلحة على مستشاريها في العراق',
};
const SYRIA = {
  slug: 'tayrat-swrya-wrwsya-tqsf-shmal-ghrby-swrya-alkhad-lsytra-5dccc2',
  title: 'طائرات سورية وروسية تقصف شمال غربي سوريا الخاضع لسيطرة المعارضة',
  caption: 'قوات جوية روسية وسورية تقصف مناطق خاضعة لسيطرة المعارضة في شمال غرب سوريا قرب الحدود مع تركيا (أ.ب)',
};

const tempDir = useTempDirs('khabar-import-');
const sample = await readFile(SAMPLE_EXPORT, 'utf8');

async function importInto(text: string, options: Partial<ImportOptions> = {}): Promise<{ dir: string; report: ImportReport }> {
  const dir = await tempDir();
  const report = await importExport(text, { outDir: dir, siteOrigin: SITE, publishedAt: '2026-11-25T08:00:00Z', ...options });
  return { dir, report };
}

/** The front matter fields and body of `<slug>.md`, as the build would read them. */
async function readImported(dir: string, slug: string): Promise<Record<string, unknown>> {
  return parseArticleFile(await readFile(join(dir, `${slug}.md`), 'utf8'));
}

/** A minimal well-formed article in the export format. */
function exported(title: string, ...body: string[]): string {
  return [title, 'TT', title, ...body].join('\n');
}

/** Articles separated the way the newsroom separates them: three blank lines. */
function exportOf(...articles: string[]): string {
  return `${articles.join('\n\n\n\n')}\n`;
}

describe('importing the real newsroom sample', () => {
  it('imports exactly its two articles, one file each', async () => {
    const { dir, report } = await importInto(sample);

    expect(report.problems).toEqual([]);
    expect(report.written).toHaveLength(2);
    expect((await readdir(dir)).sort()).toEqual([`${SYRIA.slug}.md`, `${WASHINGTON.slug}.md`]);
  });

  it('keeps the subtitle as dek, has no caption and five body paragraphs without the repeated title', async () => {
    const { dir } = await importInto(sample);

    const article = await readImported(dir, WASHINGTON.slug);

    expect(article['title']).toBe(WASHINGTON.title);
    expect(article['dek']).toBe(WASHINGTON.dek);
    expect(article).not.toHaveProperty('caption');
    const body = article['body'] as string[];
    expect(body).toHaveLength(5);
    expect(body[0]).toMatch(/^في وقت تستمر/);
    expect(body).not.toContain(WASHINGTON.title);
    expect(body).not.toContain(WASHINGTON.dek);
  });

  it('keeps the photo caption once, out of the body, and has no dek', async () => {
    const { dir } = await importInto(sample);

    const text = await readFile(join(dir, `${SYRIA.slug}.md`), 'utf8');
    const article = parseArticleFile(text);

    expect(article['title']).toBe(SYRIA.title);
    expect(article).not.toHaveProperty('dek');
    expect(article['caption']).toBe(SYRIA.caption);
    expect(text.split(SYRIA.caption)).toHaveLength(2); // exactly one occurrence in the whole file
    const body = article['body'] as string[];
    expect(body[0]).toMatch(/^قال الجيش السوري/);
    expect(body).toHaveLength(17);
    expect(body).not.toContain(SYRIA.caption);
    expect(body).not.toContain(SYRIA.title);
  });

  it('gives URL-safe ASCII slugs that are the same on every import', async () => {
    const first = await importInto(sample);
    const second = await importInto(sample);

    const names = (await readdir(first.dir)).sort();
    expect(await readdir(second.dir).then((n) => n.sort())).toEqual(names);
    for (const name of names) expect(name.replace(/\.md$/, '')).toMatch(URL_SAFE_SLUG);
    // The published URLs of the sample's articles (content/articles/) must not move.
    expect(names).toEqual([`${SYRIA.slug}.md`, `${WASHINGTON.slug}.md`]);
  });

  it('writes files that are valid articles with a canonical URL on the site', async () => {
    const { dir } = await importInto(sample);

    for (const name of await readdir(dir)) {
      const checked = v.safeParse(ArticleInput, parseArticleFile(await readFile(join(dir, name), 'utf8')));
      expect(checked.issues).toBeUndefined();
      if (!checked.success) continue;
      expect(`${checked.output.slug}.md`).toBe(name);
      expect(checked.output.url).toBe(`${SITE}/articles/${checked.output.slug}`);
      expect(checked.output).toMatchObject({ lang: 'ar', dir: 'rtl', section: 'news', publishedAt: '2026-11-25T08:00:00Z' });
    }
  });
});

describe('re-importing', () => {
  it('writes nothing when the export has not changed', async () => {
    const { dir, report: first } = await importInto(sample);
    const past = new Date('2020-01-01T00:00:00Z');
    for (const name of await readdir(dir)) await utimes(join(dir, name), past, past);
    const contentsBefore = await snapshotDir(dir);
    const mtimesBefore = await mtimesOf(dir);

    const second = await importExport(sample, { outDir: dir, siteOrigin: SITE, publishedAt: '2026-11-25T08:00:00Z' });

    expect(second.written).toEqual([]);
    expect(second.unchanged.sort()).toEqual(first.written.sort());
    expect(second.problems).toEqual([]);
    expect(await snapshotDir(dir)).toEqual(contentsBefore);
    expect(await mtimesOf(dir)).toEqual(mtimesBefore);
  });

  it("keeps an editor's section, tags, picture and update time", async () => {
    const { dir } = await importInto(sample);
    const file = join(dir, `${SYRIA.slug}.md`);
    const edited = v.parse(ArticleInput, parseArticleFile(await readFile(file, 'utf8')));
    const editorFields = {
      section: 'world',
      tags: ['سوريا', 'حلب'],
      updatedAt: '2026-11-25T10:15:00Z',
      image: { src: 'https://khabar.example/img/aleppo.jpg', alt: 'حلب', width: 1200, height: 800 },
    };
    await writeFile(file, formatArticleFile({ ...edited, ...editorFields }));

    const report = await importExport(sample, { outDir: dir, siteOrigin: SITE });

    expect(report.problems).toEqual([]);
    const article = await readImported(dir, SYRIA.slug);
    expect(article).toMatchObject(editorFields);
    expect(article).toMatchObject({ title: SYRIA.title, caption: SYRIA.caption, publishedAt: '2026-11-25T08:00:00Z' });
  });
});

describe('robustness', () => {
  it('reads the export the same with CRLF line endings, a byte order mark and trailing spaces', async () => {
    const messy = `\uFEFF${sample.split('\n').map((line) => `${line}  \t`).join('\r\n')}`;
    const clean = await importInto(sample);

    const dirty = await importInto(messy);

    expect(dirty.report.problems).toEqual([]);
    expect(await snapshotDir(dirty.dir)).toEqual(await snapshotDir(clean.dir));
  });

  it('keeps a title with markup, entities and both quote kinds character for character', async () => {
    // Starts with a quote and holds `: ` and ` #`, which YAML would otherwise read as syntax.
    const title = `"عاجل": <img src=x onerror=alert(1)> &amp; 'اقتباس' #وسم`;
    const paragraph = '<script>alert(1)</script> &lt;b&gt; نص';
    const { dir, report } = await importInto(exportOf(exported(title, paragraph)));

    expect(report.problems).toEqual([]);
    expect(report.written).toHaveLength(1);
    const [name] = await readdir(dir);
    expect(name!.replace(/\.md$/, '')).toMatch(URL_SAFE_SLUG);
    const article = parseArticleFile(await readFile(join(dir, name!), 'utf8'));
    expect(article['title']).toBe(title);
    expect(article['body']).toEqual([paragraph]);
  });

  it('keeps any one-line title character for character', async () => {
    // Mostly characters that mean something to YAML, Markdown or HTML, mixed with Arabic and any code point
    // the schema keeps as written (it refuses controls and closes bidi embeddings: build.test.ts).
    const kept = (c: string) => c === '\t' || !/[\p{Cc}\p{Cs}\u202A-\u202E\u2066-\u2069]/u.test(c);
    const char = fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom(...':#-?&*!|>\'"%@`[]{},<>=/\\ \t', '...', '---', '\u00a0', '\u2028') },
      { weight: 2, arbitrary: fc.constantFrom(...'ابتثجحخدذرزسشصضطظعغفقكلمنهويءآأإؤئةى٠١٢٣٤٥٦٧٨٩') },
      { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }).filter(kept) },
    );
    const line = fc
      .string({ unit: char, minLength: 1, maxLength: 40 })
      .map((s) => s.replace(/[\r\n]+/g, ' ').trim())
      .filter((s) => !isInvisible(s) && s !== 'TT');

    await fc.assert(
      fc.asyncProperty(line, async (title) => {
        const { dir, report } = await importInto(exportOf(exported(title, 'نص الخبر.')));
        expect(report.problems).toEqual([]);
        const [name] = await readdir(dir);
        expect(parseArticleFile(await readFile(join(dir, name!), 'utf8'))['title']).toBe(title);
      }),
      { numRuns: 100 },
    );
  });

  it.each([
    ['Arabic-Indic', '٢٠٢٦-١١-٢٥T٠٨:٠٠:٠٠Z'],
    ['Extended Arabic-Indic', '۲۰۲۶-۱۱-۲۵T۰۸:۰۰:۰۰Z'],
  ])('stores --published-at given in %s digits as an ASCII timestamp', async (_, publishedAt) => {
    const { dir, report } = await importInto(sample, { publishedAt });

    expect(report.problems).toEqual([]);
    for (const slug of [WASHINGTON.slug, SYRIA.slug]) {
      expect((await readImported(dir, slug))['publishedAt']).toBe('2026-11-25T08:00:00Z');
    }
  });

  it('uses ASCII digits in slugs of titles written with Arabic-Indic digits', () => {
    expect(slugify('قمة ٢٠٢٦')).toMatch(/^qma-2026-[0-9a-f]{6}$/);
    expect(slugify('قمة ۲۰۲۶')).toMatch(/^qma-2026-[0-9a-f]{6}$/);
  });

  it('makes a valid, repeatable slug of any title', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (title) => {
        const slug = slugify(title);
        expect(v.safeParse(Slug, slug).success).toBe(true);
        expect(slug).toMatch(URL_SAFE_SLUG);
        expect(slugify(title)).toBe(slug);
      }),
      { numRuns: 500 },
    );
  });
});

describe('malformed articles', () => {
  // Line 1-4: good article A; 8-9: no TT marker; 13-15: no body paragraph; 19-22: good article B.
  const MIXED = exportOf(
    exported('خبر أول سليم', 'نص الخبر الأول.'),
    ['خبر بلا علامة', 'نص بلا علامة قبله.'].join('\n'),
    exported('خبر بلا نص'),
    exported('خبر ثان سليم', 'نص الخبر الثاني.'),
  );

  it('reports each at the line where it starts, writes nothing for it and still imports the good ones', async () => {
    const { dir, report } = await importInto(MIXED);

    expect(report.problems.map((p) => p.line)).toEqual([8, 13]);
    expect(report.problems[0]?.message).toMatch(/TT/);
    expect(report.problems[1]?.message).toMatch(/body/);
    expect(report.written).toHaveLength(2);
    const titles = await Promise.all((await readdir(dir)).map(async (name) => parseArticleFile(await readFile(join(dir, name), 'utf8'))['title']));
    expect(titles.sort()).toEqual(['خبر أول سليم', 'خبر ثان سليم'].sort());
  });

  it('reports two articles run together (fewer than three blank lines between them) instead of merging them', async () => {
    const { report } = await importInto(`${exported('الأول', 'نص أول.')}\n\n${exported('الثاني', 'نص ثان.')}\n`);

    expect(report.written).toHaveLength(0);
    expect(report.problems).toEqual([{ line: 1, message: expect.stringMatching(/second "TT" marker at line 7/) }]);
  });

  it('drops the repeated title even when its spacing or direction marks differ', async () => {
    const { dir, report } = await importInto(['عنوان  الخبر', 'TT', '\u200Fعنوان الخبر', 'النص.'].join('\n'));

    expect(report.written).toHaveLength(1);
    const [name] = await readdir(dir);
    expect(parseArticleFile(await readFile(join(dir, name!), 'utf8'))['body']).toEqual(['النص.']);
  });

  it('gives new articles without --published-at the import time, in the export order, newest first', async () => {
    const dir = await tempDir();
    const report = await importExport(exportOf(exported('أ', 'نص.'), exported('ب', 'نص.')), {
      outDir: dir,
      siteOrigin: SITE,
      now: () => new Date('2026-11-25T10:00:00.500Z'),
    });

    const dates = await Promise.all(report.written.map(async (file) => parseArticleFile(await readFile(file, 'utf8'))['publishedAt']));
    expect(dates).toEqual(['2026-11-25T10:00:00Z', '2026-11-25T09:59:59Z']);
  });

  it('gives the same line numbers when the export has CRLF line endings and a byte order mark', async () => {
    const { report } = await importInto(`\uFEFF${MIXED.replaceAll('\n', '\r\n')}`);

    expect(report.problems.map((p) => p.line)).toEqual([8, 13]);
    expect(report.written).toHaveLength(2);
  });

  it('content:import exits non-zero and names file:line when nothing can be imported', async () => {
    const work = await tempDir();
    const exportFile = join(work, 'bad-export.txt');
    const out = join(work, 'articles');
    // Lines 1-2: no TT marker; lines 6-8: no body paragraph.
    await writeFile(exportFile, exportOf('خبر بلا علامة\nنص.', exported('خبر بلا نص')));

    const run = await runNode(['content/import/cli.ts', exportFile, '--out', out]);

    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain(`${exportFile}:1:`);
    expect(run.stderr).toContain(`${exportFile}:6:`);
    expect(await readdir(out).catch(() => [])).toEqual([]);
  });

  it('content:import exits 0 when some articles were imported, still naming the bad ones', async () => {
    const work = await tempDir();
    const exportFile = join(work, 'export.txt');
    const out = join(work, 'articles');
    await writeFile(exportFile, MIXED);

    const run = await runNode(['content/import/cli.ts', exportFile, '--out', out, '--published-at', '٢٠٢٦-١١-٢٥T٠٨:٠٠:٠٠Z']);

    expect(run.code).toBe(0);
    expect(run.stderr).toContain(`${exportFile}:8:`);
    expect(run.stderr).toContain(`${exportFile}:13:`);
    const names = await readdir(out);
    expect(names).toHaveLength(2);
    for (const name of names) {
      expect(parseArticleFile(await readFile(join(out, name), 'utf8'))['publishedAt']).toBe('2026-11-25T08:00:00Z');
    }
  });
});
