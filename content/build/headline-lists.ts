/**
 * The headline lists and section index of a set of articles, held in memory: what `content:build` writes for them,
 * by the build's own list logic (newest-lists.ts). Worker tests seed KV with it.
 */
import { HEADLINES_MAX, headlinesKey, sectionsKey } from '../records.ts';
import { type Article, type Headline, type HeadlineList, type SectionList, latestChange, toHeadline } from '../schema.ts';
import { ALL, NewestLists, type Ordered } from './newest-lists.ts';

export class HeadlineLists {
  readonly #newest = new NewestLists<Ordered & { headline: Headline }>(HEADLINES_MAX);

  add(article: Article): void {
    this.#newest.add(article.section, { slug: article.slug, at: Date.parse(article.publishedAt), headline: toHeadline(article) });
  }

  /** Every list as `[key, value]`, the all-sections list first, then sections in name order. */
  records(): Array<[key: string, value: HeadlineList]> {
    const toList = (list: string): HeadlineList => {
      const items = this.#newest.items(list).map((item) => item.headline);
      return { items, updatedAt: latestChange(items) };
    };
    return [[headlinesKey(), toList(ALL)], ...this.#newest.sections().map((s): [string, HeadlineList] => [headlinesKey(s), toList(s)])];
  }

  /** The section index record: what the configurator offers. */
  sectionIndex(): [key: string, value: SectionList] {
    return [sectionsKey(), { sections: this.#newest.sections().map((name) => ({ name, count: this.#newest.count(name) })) }];
  }
}
