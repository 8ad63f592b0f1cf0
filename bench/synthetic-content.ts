/**
 * Synthetic articles for the scaling benchmark: valid by content/schema.ts, written as article files by the content
 * tools' own writer, into a folder of the caller's choosing (never content/). Deterministic: article `i` is the same
 * in every run and every size, so sizes differ only in how many there are.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { formatArticleFile } from '../content/article-file.ts';
import type { ArticleInput } from '../content/schema.ts';

const SECTIONS = ['news', 'sport', 'economy', 'culture', 'tech'] as const;
const FIRST_PUBLISHED = Date.parse('2024-01-01T00:00:00Z');

export interface SyntheticOptions {
  /** Every third article has a picture (on a host that does not exist). Default true; the render benchmark, which
   * runs offline, turns it off. */
  pictures?: boolean;
}

/** Article `i`: five sections in turn, a minute apart, every third with a picture, like a newsroom's output. */
export function syntheticArticle(i: number, options: SyntheticOptions = {}): ArticleInput {
  const slug = `bench-article-${i}`;
  const section = SECTIONS[i % SECTIONS.length]!;
  const article: ArticleInput = {
    slug,
    title: `عنوان الخبر رقم ${i} في قسم ${section}: تطورات جديدة اليوم`,
    dek: 'سطر فرعي يلخص الخبر في جملة واحدة',
    section,
    publishedAt: new Date(FIRST_PUBLISHED + i * 60_000).toISOString().replace('.000Z', 'Z'),
    url: `https://khabar.example/articles/${slug}`,
    source: 'خبر',
    body: [
      'الفقرة الأولى من نص الخبر، وفيها ما يكفي من الكلمات لتشبه خبراً حقيقياً من غرفة الأخبار.',
      'الفقرة الثانية تضيف التفاصيل والسياق، ثم تنتهي بنقطة.',
    ],
    tags: ['اختبار', section],
  };
  if ((options.pictures ?? true) && i % 3 === 0) {
    article.image = { src: `https://images.khabar.example/${slug}.jpg`, alt: 'صورة الخبر', width: 1200, height: 800 };
    article.caption = 'تعليق على الصورة';
  }
  return article;
}

/** Articles whose text differs only in their number, time and names: the same section and picture or not. */
const VARIANTS = SECTIONS.length * 3;

/**
 * The file of article `i`, as formatArticleFile writes it: made from the file of the first article of its variant
 * by replacing what depends on `i` (a million YAML serializations take minutes here; this takes seconds). Checked
 * against formatArticleFile for the first articles and one in a thousand.
 */
function syntheticFile(i: number, options: SyntheticOptions, templates: Map<number, { i: number; text: string }>): string {
  const variant = i % VARIANTS;
  let template = templates.get(variant);
  if (!template) templates.set(variant, (template = { i, text: formatArticleFile(syntheticArticle(i, options)) }));
  const time = (n: number) => new Date(FIRST_PUBLISHED + n * 60_000).toISOString().replace('.000Z', '');
  const text = template.text
    .replaceAll(`bench-article-${template.i}`, `bench-article-${i}`)
    .replace(`رقم ${template.i} `, `رقم ${i} `)
    .replace(time(template.i), time(i));
  if (i < 10 * VARIANTS || i % 1000 === 7) {
    const expected = formatArticleFile(syntheticArticle(i, options));
    if (text !== expected) throw new Error(`synthetic article ${i}: the template gave another file than formatArticleFile`);
  }
  return text;
}

/** Writes articles 0…count-1 as `<slug>.md` into `dir` (which must exist). */
export async function writeSyntheticArticles(dir: string, count: number, options: SyntheticOptions = {}): Promise<void> {
  const batch = 500; // enough files in flight to keep the disk busy, few enough to keep descriptors in check
  const templates = new Map<number, { i: number; text: string }>();
  for (let start = 0; start < count; start += batch) {
    const writes: Promise<void>[] = [];
    for (let i = start; i < Math.min(count, start + batch); i += 1) {
      writes.push(writeFile(join(dir, `bench-article-${i}.md`), syntheticFile(i, options, templates)));
    }
    await Promise.all(writes);
  }
}
