/**
 * The newest items of the all-sections list and of each section, bounded, plus every section's count: what the
 * headline lists and the section index are made of. Used on light rows (slug, section, time) by the build and on
 * headlines by the push, so both order items the one way lists are ordered: newest first, ties by slug.
 */

export interface Ordered {
  slug: string;
  /** `publishedAt` in ms. */
  at: number;
}

/** Negative when `a` comes first: newer, or as new and an earlier slug (the order of `newestFirst` in schema.ts). */
export function newerFirst(a: Ordered, b: Ordered): number {
  return b.at - a.at || (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0);
}

/** Where `item` goes in `items`, which `compare` keeps sorted: after every item that does not come after it. */
export function insertionIndex<T>(items: readonly T[], item: T, compare: (a: T, b: T) => number): number {
  let low = 0;
  let high = items.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (compare(items[mid]!, item) <= 0) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** The all-sections list's name here; a section's list is named by the section. */
export const ALL = '';

export class NewestLists<T extends Ordered> {
  readonly #lists = new Map<string, T[]>();
  readonly #counts = new Map<string, number>();

  /** How many items each list keeps. */
  readonly depth: number;

  constructor(depth: number) {
    this.depth = depth;
  }

  /** Counts the item in its section and keeps it if it is among the newest of either list. */
  add(section: string, item: T): void {
    this.insert(ALL, item);
    this.insert(section, item);
    this.#counts.set(section, (this.#counts.get(section) ?? 0) + 1);
  }

  /** Adds to one list without counting (a list refilled from elsewhere). */
  insert(list: string, item: T): void {
    let items = this.#lists.get(list);
    if (!items) this.#lists.set(list, (items = []));
    if (items.length === this.depth && newerFirst(item, items[items.length - 1]!) >= 0) return;
    items.splice(insertionIndex(items, item, newerFirst), 0, item);
    if (items.length > this.depth) items.pop();
  }

  /** Takes the item out of the lists it is in, and one off its section's count. */
  remove(section: string, slug: string): void {
    for (const list of [ALL, section]) {
      const items = this.#lists.get(list);
      const at = items?.findIndex((item) => item.slug === slug) ?? -1;
      if (at >= 0) items!.splice(at, 1);
    }
    const count = (this.#counts.get(section) ?? 0) - 1;
    if (count > 0) this.#counts.set(section, count);
    else {
      this.#counts.delete(section);
      this.#lists.delete(section);
    }
  }

  items(list: string): readonly T[] {
    return this.#lists.get(list) ?? [];
  }

  setItems(list: string, items: T[]): void {
    this.#lists.set(list, items);
  }

  setCount(section: string, count: number): void {
    if (count > 0) this.#counts.set(section, count);
    else this.#counts.delete(section);
  }

  count(list: string): number {
    if (list !== ALL) return this.#counts.get(list) ?? 0;
    let total = 0;
    for (const count of this.#counts.values()) total += count;
    return total;
  }

  /** Sections with at least one article, in name order. */
  sections(): string[] {
    return [...this.#counts.keys()].sort();
  }
}
