/**
 * The KV layout, owned here and nowhere else: the build writes these records and the worker's store reads
 * them. Keys are versioned (`v1:`) so a future layout can be pushed beside this one.
 */
import { type Article, type Headline, type HeadlineList, newestFirst, toHeadline } from './schema.ts';

export const KEY_PREFIX = 'v1:';

/** The longest headline list kept per section, and so the largest `limit` the API accepts. */
export const HEADLINES_MAX = 50;

/** One full article. */
export function articleKey(slug: string): string {
  return `${KEY_PREFIX}article:${slug}`;
}

/** A precomputed headline list, newest first: all sections when `section` is absent. */
export function headlinesKey(section?: string): string {
  return section === undefined ? `${KEY_PREFIX}headlines:all` : `${KEY_PREFIX}headlines:section:${section}`;
}

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
  let updatedAt: string | null = null;
  for (const item of items) {
    const changed = item.updatedAt ?? item.publishedAt;
    if (updatedAt === null || Date.parse(changed) > Date.parse(updatedAt)) updatedAt = changed;
  }
  return { items, updatedAt };
}
