/** The precomputed headline lists, built while articles stream past. */
import { HEADLINES_MAX, headlinesKey, sectionsKey } from '../records.ts';
import { type Article, type Headline, type HeadlineList, type SectionList, latestChange, newestFirst, toHeadline } from '../schema.ts';

/**
 * Keeps the newest `HEADLINES_MAX` headlines of every list while articles stream past, so building lists
 * for 100 000 articles holds 50 per section in memory, not 100 000.
 */
export class HeadlineLists {
  readonly #lists = new Map<string | undefined, Headline[]>();
  readonly #counts = new Map<string, number>();

  add(article: Article): void {
    const headline = toHeadline(article);
    this.#insert(undefined, headline);
    this.#insert(article.section, headline);
    this.#counts.set(article.section, (this.#counts.get(article.section) ?? 0) + 1);
  }

  /** Every list as `[key, value]`, the all-sections list first, then sections in name order. */
  records(): Array<[key: string, value: HeadlineList]> {
    const all: HeadlineList = toList(this.#lists.get(undefined) ?? []);
    return [[headlinesKey(), all], ...this.#sections().map((s): [string, HeadlineList] => [headlinesKey(s), toList(this.#lists.get(s)!)])];
  }

  /** The section index record: what the configurator offers. */
  sectionIndex(): [key: string, value: SectionList] {
    return [sectionsKey(), { sections: this.#sections().map((name) => ({ name, count: this.#counts.get(name)! })) }];
  }

  #sections(): string[] {
    return [...this.#counts.keys()].sort();
  }

  #insert(section: string | undefined, headline: Headline): void {
    let list = this.#lists.get(section);
    if (!list) this.#lists.set(section, (list = []));
    if (list.length === HEADLINES_MAX && newestFirst(headline, list[list.length - 1]!) >= 0) return;
    let low = 0;
    let high = list.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (newestFirst(list[mid]!, headline) <= 0) low = mid + 1;
      else high = mid;
    }
    list.splice(low, 0, headline);
    if (list.length > HEADLINES_MAX) list.pop();
  }
}

function toList(items: Headline[]): HeadlineList {
  return { items, updatedAt: latestChange(items) };
}
