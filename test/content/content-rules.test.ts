/**
 * Content that must not reach KV as written (`npm run content:build`): URLs a browser would read differently
 * from how they are written, text that shows nothing or lets a bidi control leak out of its field, and values
 * beyond the documented bounds (content/limits.ts, README "Content limits").
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type KvEntry, buildContent } from '../../content/build/build-content.ts';
import { LIMITS } from '../../content/limits.ts';
import type { ArticleInput } from '../../content/schema.ts';
import { copyContentProject, makeArticle, runNode, useTempDirs, writeArticle } from './helpers.ts';

const tempDir = useTempDirs('khabar-rules-');

async function workspace(articles: ArticleInput[]): Promise<{ articlesDir: string; outDir: string }> {
  const root = await tempDir();
  const articlesDir = join(root, 'articles');
  await mkdir(articlesDir);
  for (const article of articles) await writeArticle(articlesDir, article);
  return { articlesDir, outDir: join(root, 'kv') };
}

/** Builds one article; its problems as `field: message`, or what the build stored for it. */
async function buildOne(article: ArticleInput) {
  const { articlesDir, outDir } = await workspace([article]);
  const result = await buildContent({ articlesDir, outDir });
  if (!result.ok) {
    expect(await readdir(join(outDir, '..')), 'nothing is written').toEqual(['articles']);
    return { problems: result.problems.map((p) => `${p.path}: ${p.message}`), stored: undefined };
  }
  const entries = JSON.parse(await readFile(join(outDir, result.manifest.files[0]!), 'utf8')) as KvEntry[];
  const record = entries.find((entry) => entry.key === `v1:article:${article.slug}`)!;
  const lists = JSON.parse(await readFile(join(outDir, 'lists.json'), 'utf8')) as KvEntry[];
  const headline = (JSON.parse(lists[0]!.value) as { items: Array<Record<string, unknown>> }).items[0];
  return { problems: [], stored: JSON.parse(record.value) as Record<string, unknown>, headline, bytes: Buffer.byteLength(record.value) };
}

const IMAGE = { src: 'https://khabar.example/pictures/1.jpg', alt: 'صورة', width: 800, height: 600 };

describe('URLs', () => {
  it.each([
    ['a backslash before an @ (browsers go to the first host)', 'https://evil.example\\@good.example/', /^url: must not contain a backslash/],
    ['a third slash (browsers skip it and read the next word as the host)', 'https:///evil.example/x', /^url: must name its host right after "https:\/\/"/],
    ['a tab inside', 'https://khabar.example/art\ticles/x', /^url: must not contain a tab or line break/],
    ['a line break inside', 'https://khabar.example/articles/\nx', /^url: must not contain a tab or line break/],
    ['a zero-width space in the host', 'https://goo\u200Bgle.example/x', /^url: must not contain an invisible character \(U\+200B\)/],
    ['a right-to-left override', 'https://khabar.example/\u202Egpj.exe', /^url: must not contain an invisible character \(U\+202E\)/],
    ['a user name before the host', 'https://good.example@evil.example/', /^url: must not carry a user name or password/],
  ])('refuses %s', async (_, url, message) => {
    const { problems } = await buildOne(makeArticle('hostile-url', { url }));

    expect(problems).toEqual([expect.stringMatching(message)]);
  });

  it('stores the form browsers read: markup in the query percent-encoded, the host lowercased, punycode, the path encoded', async () => {
    const { stored, headline } = await buildOne(
      makeArticle('clean-url', {
        url: 'https://KHABAR.example/articles/clean-url?q="><script>alert(1)</script>',
        image: { ...IMAGE, src: 'https://مثال.example/صور/1.jpg' },
      }),
    );

    const url = 'https://khabar.example/articles/clean-url?q=%22%3E%3Cscript%3Ealert(1)%3C/script%3E';
    const src = 'https://xn--mgbh0fb.example/%D8%B5%D9%88%D8%B1/1.jpg';
    expect(stored).toMatchObject({ url, image: { src } });
    expect(headline, 'the headline lists carry the same').toMatchObject({ url, image: { src } });
  });

  it('refuses a URL longer than the bound, as written or once percent-encoded', async () => {
    const long = `https://khabar.example/${'a'.repeat(LIMITS.url)}`;
    const encoded = `https://khabar.example/${'خ'.repeat(LIMITS.url / 4)}`; // under the bound as written, 6x once encoded

    expect((await buildOne(makeArticle('long-url', { url: long }))).problems).toEqual([
      `url: must be at most ${LIMITS.url} characters (got ${long.length})`,
    ]);
    expect((await buildOne(makeArticle('encoded-url', { url: encoded }))).problems).toEqual([
      expect.stringMatching(new RegExp(`^url: must be at most ${LIMITS.url} characters once percent-encoded \\(got \\d+\\)$`)),
    ]);
  });
});

describe('text that shows nothing', () => {
  it.each([
    ['title', { title: '\u200B\u202E\u2066' }],
    ['source', { source: '\uFEFF\u00AD' }],
    ['dek', { dek: '\u200F\u200E\u2069' }],
    ['caption', { caption: '\u2060\u180E\u3164' }],
    ['body.1', { body: ['فقرة.', '\u200B \u200C \u200D'] }],
    ['tags.0', { tags: ['\u2800'] }],
    ['image.alt', { image: { ...IMAGE, alt: '\u200B' } }],
  ] as const)('refuses a %s made only of invisible or bidi-control characters', async (path, overrides) => {
    const { problems } = await buildOne(makeArticle('blank-text', overrides as Partial<ArticleInput>));

    expect(problems).toEqual([`${path}: must not be empty once invisible characters are set aside`]);
  });

  it("keeps an empty alt (a decorative picture), and visible text with a zero-width joiner as written", async () => {
    const title = 'عنوان\u200Cمع فاصل';
    const { stored } = await buildOne(makeArticle('decorative', { title, image: { ...IMAGE, alt: '' } }));

    expect(stored).toMatchObject({ title, image: { alt: '' } });
  });

  it('refuses control characters, naming the code point', async () => {
    const { problems } = await buildOne(makeArticle('bell', { title: 'عاجل\u0007' }));

    expect(problems).toEqual(['title: must not contain control characters or lone surrogates (found U+0007)']);
  });
});

describe('bidi controls stay inside their field', () => {
  it('closes an unclosed right-to-left override at the end of the title, in the record and the lists', async () => {
    const { stored, headline } = await buildOne(makeArticle('override', { title: 'عنوان \u202Eمقلوب' }));

    expect(stored!['title']).toBe('عنوان \u202Eمقلوب\u202C');
    expect(headline!['title']).toBe('عنوان \u202Eمقلوب\u202C');
  });

  it('closes nested embeddings and isolates innermost first, and drops closers that close nothing', async () => {
    const { stored } = await buildOne(
      makeArticle('nested', {
        dek: '\u202Cأ\u2067ب\u202Bج',
        source: 'د\u2069',
        body: ['\u2066نص\u202Aمضمن\u2069 بعده'],
        tags: ['\u202Dوسم'],
      }),
    );

    expect(stored).toMatchObject({
      dek: 'أ\u2067ب\u202Bج\u202C\u2069', // the stray PDF dropped; RLE closed, then RLI
      source: 'د', // a PDI with no isolate open
      body: ['\u2066نص\u202Aمضمن\u202C\u2069 بعده'], // a PDI ends the embedding opened inside its isolate
      tags: ['\u202Dوسم\u202C'],
    });
  });

  it('keeps balanced text exactly as written', async () => {
    const title = 'قال \u2067"Hello"\u2069 ثم \u202Bنص\u202C.';

    expect((await buildOne(makeArticle('balanced', { title }))).stored!['title']).toBe(title);
  });
});

describe('bounds', () => {
  const paragraph = 'ن'.repeat(LIMITS.paragraph);
  it.each([
    ['title', { title: 'ع'.repeat(10_000) }, `title: must be at most ${LIMITS.title} characters (got 10000)`],
    ['dek', { dek: 'د'.repeat(LIMITS.dek + 1) }, `dek: must be at most ${LIMITS.dek} characters (got ${LIMITS.dek + 1})`],
    ['source', { source: 'م'.repeat(LIMITS.source + 1) }, `source: must be at most ${LIMITS.source} characters (got ${LIMITS.source + 1})`],
    ['caption', { caption: 'ت'.repeat(LIMITS.caption + 1) }, `caption: must be at most ${LIMITS.caption} characters (got ${LIMITS.caption + 1})`],
    ['image.alt', { image: { ...IMAGE, alt: 'ص'.repeat(LIMITS.imageAlt + 1) } }, `image.alt: must be at most ${LIMITS.imageAlt} characters (got ${LIMITS.imageAlt + 1})`],
    ['image.width', { image: { ...IMAGE, width: 1e308 } }, `image.width: must be at most ${LIMITS.imageSide} pixels (got 1e+308)`],
    ['image.height', { image: { ...IMAGE, height: LIMITS.imageSide + 1 } }, `image.height: must be at most ${LIMITS.imageSide} pixels (got ${LIMITS.imageSide + 1})`],
    ['a paragraph', { body: ['أ', `${paragraph}ن`] }, `body.1: must be at most ${LIMITS.paragraph} characters (got ${LIMITS.paragraph + 1})`],
    ['the paragraph count', { body: Array.from({ length: LIMITS.paragraphs + 1 }, () => 'فقرة.') }, `body: must be at most ${LIMITS.paragraphs} paragraphs (got ${LIMITS.paragraphs + 1})`],
    [
      'the whole body',
      { body: Array.from({ length: LIMITS.body / LIMITS.paragraph + 1 }, () => paragraph) },
      `body: must be at most ${LIMITS.body} characters in all (got ${LIMITS.body + LIMITS.paragraph})`,
    ],
    ['the tag count', { tags: Array.from({ length: LIMITS.tags + 1 }, (_, i) => `وسم ${i}`) }, `tags: must be at most ${LIMITS.tags} tags (got ${LIMITS.tags + 1})`],
    ['a tag', { tags: ['و'.repeat(LIMITS.tag + 1)] }, `tags.0: must be at most ${LIMITS.tag} characters (got ${LIMITS.tag + 1})`],
    ['lang', { lang: 'ar-abcdefgh-bcdefghi-cdefghij-defghijk' }, `lang: must be at most ${LIMITS.lang} characters (got 38)`],
  ] as const)('refuses %s beyond its bound', async (_, overrides, message) => {
    const { problems } = await buildOne(makeArticle('too-much', overrides as Partial<ArticleInput>));

    expect(problems).toEqual([message]);
  });

  it('accepts an article at every bound, and its record stays far inside KV’s 25 MiB value limit', async () => {
    const url = `https://khabar.example/${'a'.repeat(LIMITS.url - 'https://khabar.example/'.length)}`;
    const article = makeArticle('at-the-bounds', {
      title: 'ع'.repeat(LIMITS.title),
      dek: 'د'.repeat(LIMITS.dek),
      source: 'م'.repeat(LIMITS.source),
      caption: 'ت'.repeat(LIMITS.caption),
      url,
      image: { src: url.replace('/a', '/b'), alt: 'ص'.repeat(LIMITS.imageAlt), width: LIMITS.imageSide, height: LIMITS.imageSide },
      body: Array.from({ length: LIMITS.body / LIMITS.paragraph }, () => 'ن'.repeat(LIMITS.paragraph)),
      tags: Array.from({ length: LIMITS.tags }, () => 'و'.repeat(LIMITS.tag)),
    });

    const { problems, bytes } = await buildOne(article);

    expect(problems).toEqual([]);
    expect(bytes).toBeLessThan(2 * 1024 * 1024); // Arabic is 2 bytes a letter in UTF-8; KV takes 25 MiB
  });
});

describe('the content:build command on a 29 MB body', () => {
  it('exits 1 with `file: field: message`, and nothing is written', async () => {
    const root = await copyContentProject(await tempDir());
    const file = join('content', 'articles', 'huge-body.md');
    await writeFile(
      join(root, file),
      `---\nslug: huge-body\ntitle: عنوان\nsection: news\npublishedAt: 2026-11-25T08:00:00Z\nurl: https://khabar.example/articles/huge-body\nsource: خبر\n---\n\n${'ب'.repeat(14_500_000)}\n`,
    );

    const run = await runNode(['content/build/cli.ts'], root);

    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`${file}: body.0: must be at most ${LIMITS.paragraph} characters (got 14500000)\n`);
    expect(existsSync(join(root, '.build', 'kv')), 'nothing is written').toBe(false);
  });
});
