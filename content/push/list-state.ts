/**
 * The headline lists as the push keeps them in KV (`v1:push:lists`): every list's newest `RESERVE` headlines
 * (deeper than the 50 readers get) and every section's count, so a push updates the lists from its own change
 * without reading the archive. Each list always holds an exact prefix of its true order: an item older than
 * everything a shortened list knows is not appended (unknown items may sit between). When a list is shorter than
 * readers need, the push refills it from the manifest (push-content.ts): a deep reserve makes that rare.
 */
import { HEADLINES_MAX, headlinesKey, sectionsKey } from '../records.ts';
import { type Headline, type HeadlineList, type SectionList, latestChange, newestFirst } from '../schema.ts';
import { ALL, insertionIndex } from '../build/newest-lists.ts';
import { BREAKING_KEPT, expiringOf, keptFirst, olderBreaking } from '../build/breaking-lists.ts';

/** Headlines kept per list: deletions from one list can run this deep before a refill reads the manifest. */
export const RESERVE = 200;

/**
 * Breaking stories kept per list as candidates for its older-breaking tail (breaking-lists.ts), latest-expiring
 * first: enough that the `BREAKING_KEPT` outside the newest `HEADLINES_MAX` are among them.
 */
export const BREAKING_CANDIDATES = HEADLINES_MAX + BREAKING_KEPT;

interface Stored {
  counts: Record<string, number>;
  lists: Record<string, Headline[]>;
  /** Per list, its breaking candidates (absent in a reserve written before breaking news). */
  breaking?: Record<string, Headline[]>;
  /** Hash of each list record (and the section index) as last written, by key: unchanged ones are not rewritten. */
  written: Record<string, string>;
}

export class ListState {
  readonly counts: Map<string, number>;
  readonly lists: Map<string, Headline[]>;
  readonly breaking: Map<string, Headline[]>;
  readonly written: Map<string, string>;

  constructor(stored: Stored = { counts: {}, lists: {}, written: {} }) {
    this.counts = new Map(Object.entries(stored.counts));
    this.lists = new Map(Object.entries(stored.lists));
    this.breaking = new Map(Object.entries(stored.breaking ?? {}));
    this.written = new Map(Object.entries(stored.written));
  }

  static parse(text: string): ListState {
    return new ListState(JSON.parse(text) as Stored);
  }

  serialize(): string {
    return JSON.stringify({ counts: Object.fromEntries(this.counts), lists: Object.fromEntries(this.lists), breaking: Object.fromEntries(this.breaking), written: Object.fromEntries(this.written) } satisfies Stored);
  }

  count(list: string): number {
    if (list !== ALL) return this.counts.get(list) ?? 0;
    let total = 0;
    for (const count of this.counts.values()) total += count;
    return total;
  }

  add(section: string, headline: Headline): void {
    this.#insert(ALL, headline);
    this.#insert(section, headline);
    if (headline.breakingUntil !== undefined) for (const list of [ALL, section]) this.#candidate(list, headline);
    this.counts.set(section, (this.counts.get(section) ?? 0) + 1);
  }

  remove(section: string, slug: string): void {
    for (const list of [ALL, section]) {
      for (const items of [this.lists.get(list), this.breaking.get(list)]) {
        const at = items?.findIndex((item) => item.slug === slug) ?? -1;
        if (at >= 0) items!.splice(at, 1);
      }
    }
    const count = (this.counts.get(section) ?? 0) - 1;
    if (count > 0) this.counts.set(section, count);
    else {
      this.counts.delete(section);
      this.lists.delete(section);
      this.breaking.delete(section);
    }
  }

  /** Lists (by name, '' for all sections) holding fewer headlines than readers get while there are more. */
  short(): string[] {
    return [ALL, ...this.counts.keys()].filter((list) => (this.lists.get(list)?.length ?? 0) < Math.min(HEADLINES_MAX, this.count(list)));
  }

  /** The list records and the section index, as a full build makes them. */
  records(): Array<[key: string, value: HeadlineList | SectionList]> {
    const sections = [...this.counts.keys()].sort();
    const list = (name: string): HeadlineList => {
      const newest = (this.lists.get(name) ?? []).slice(0, HEADLINES_MAX);
      const candidates = (this.breaking.get(name) ?? []).map((headline) => ({ ...expiringOf(headline)!, headline }));
      const items = [...newest, ...olderBreaking(newest, candidates).map((c) => c.headline)];
      return { items, updatedAt: latestChange(items) };
    };
    return [
      [headlinesKey(), list(ALL)],
      ...sections.map((s): [string, HeadlineList] => [headlinesKey(s), list(s)]),
      [sectionsKey(), { sections: sections.map((name) => ({ name, count: this.counts.get(name)! })) }],
    ];
  }

  #candidate(list: string, headline: Headline): void {
    const items = [...(this.breaking.get(list) ?? []).filter((item) => item.slug !== headline.slug), headline];
    const order = (h: Headline) => expiringOf(h)!;
    this.breaking.set(list, items.sort((a, b) => keptFirst(order(a), order(b))).slice(0, BREAKING_CANDIDATES));
  }

  #insert(list: string, headline: Headline): void {
    let items = this.lists.get(list);
    if (!items) this.lists.set(list, (items = []));
    const holdsAll = items.length === this.count(list);
    const at = insertionIndex(items, headline, newestFirst);
    if (at === items.length && !holdsAll) return;
    items.splice(at, 0, headline);
    if (items.length > RESERVE) items.pop();
  }
}

export { ALL as ALL_SECTIONS };
