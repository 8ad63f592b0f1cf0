/**
 * The headline lists and section index of a set of articles, held in memory: what `content:build` writes for them,
 * by the build's own list logic (newest-lists.ts). Worker tests seed KV with it.
 */
import { HEADLINES_MAX, headlinesKey, sectionsKey } from '../records.ts';
import { type Article, type Headline, type HeadlineList, type SectionList, latestChange, toHeadline } from '../schema.ts';
import { type Expiring, expiringOf, olderBreaking } from './breaking-lists.ts';
import { ALL, NewestLists, type Ordered } from './newest-lists.ts';

export class HeadlineLists {
  readonly #newest = new NewestLists<Ordered & { headline: Headline }>(HEADLINES_MAX);
  readonly #breaking = new Map<string, Array<Expiring & { headline: Headline }>>();

  add(article: Article): void {
    const headline = toHeadline(article);
    this.#newest.add(article.section, { slug: article.slug, at: Date.parse(article.publishedAt), headline });
    const expiring = expiringOf(headline);
    if (!expiring) return;
    for (const list of [ALL, article.section]) {
      if (!this.#breaking.has(list)) this.#breaking.set(list, []);
      this.#breaking.get(list)!.push({ ...expiring, headline });
    }
  }

  /** Every list as `[key, value]`, the all-sections list first, then sections in name order. */
  records(): Array<[key: string, value: HeadlineList]> {
    const toList = (list: string): HeadlineList => {
      const newest = this.#newest.items(list);
      const items = [...newest, ...olderBreaking(newest, this.#breaking.get(list) ?? [])].map((item) => item.headline);
      return { items, updatedAt: latestChange(items) };
    };
    return [[headlinesKey(), toList(ALL)], ...this.#newest.sections().map((s): [string, HeadlineList] => [headlinesKey(s), toList(s)])];
  }

  /** The section index record: what the configurator offers. */
  sectionIndex(): [key: string, value: SectionList] {
    return [sectionsKey(), { sections: this.#newest.sections().map((name) => ({ name, count: this.#newest.count(name) })) }];
  }
}
