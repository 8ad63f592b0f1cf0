/** The precomputed headline lists, built while articles stream past. */
import { HEADLINES_MAX, headlinesKey } from '../records.ts';
import { type Article, type Headline, type HeadlineList, latestChange, newestFirst, toHeadline } from '../schema.ts';

/**
 * Keeps the newest `HEADLINES_MAX` headlines of every list while articles stream past, so building lists
 * for 100 000 articles holds 50 per section in memory, not 100 000.
 */
export class HeadlineLists {
  readonly #lists = new Map<string | undefined, Headline[]>();

  add(article: Article): void {
    const headline = toHeadline(article);
    this.#insert(undefined, headline);
    this.#insert(article.section, headline);
  }

  /** Every list as `[key, value]`, the all-sections list first, then sections in name order. */
  records(): Array<[key: string, value: HeadlineList]> {
    const sections = [...this.#lists.keys()].filter((s) => s !== undefined).sort();
    const all: HeadlineList = toList(this.#lists.get(undefined) ?? []);
    return [[headlinesKey(), all], ...sections.map((s): [string, HeadlineList] => [headlinesKey(s), toList(this.#lists.get(s)!)])];
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
