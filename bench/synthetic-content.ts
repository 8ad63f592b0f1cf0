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

/** Writes articles 0…count-1 as `<slug>.md` into `dir` (which must exist). */
export async function writeSyntheticArticles(dir: string, count: number, options: SyntheticOptions = {}): Promise<void> {
  const batch = 500; // enough files in flight to keep the disk busy, few enough to keep descriptors in check
  for (let start = 0; start < count; start += batch) {
    const writes: Promise<void>[] = [];
    for (let i = start; i < Math.min(count, start + batch); i += 1) {
      const article = syntheticArticle(i, options);
      writes.push(writeFile(join(dir, `${article.slug}.md`), formatArticleFile(article)));
    }
    await Promise.all(writes);
  }
}
