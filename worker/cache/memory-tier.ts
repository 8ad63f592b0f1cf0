/**
 * The in-isolate tier: a small LRU map of the hottest responses, so a warm isolate answers them with no I/O
 * at all. An entry never outlives its freshness; stale serving is the edge tier's job.
 */
import type { StoredResponse } from './stored-response.ts';

export class MemoryTier {
  readonly #entries = new Map<string, { entry: StoredResponse; expiresAt: number }>();
  readonly #maxEntries: number;

  /** @param maxEntries Bound on entries; the least recently used goes first. */
  constructor(maxEntries: number) {
    this.#maxEntries = maxEntries;
  }

  get(key: string, now: number): StoredResponse | undefined {
    const slot = this.#entries.get(key);
    if (!slot) return undefined;
    this.#entries.delete(key);
    if (now >= slot.expiresAt) return undefined;
    this.#entries.set(key, slot); // most recently used last
    return slot.entry;
  }

  delete(key: string): void {
    this.#entries.delete(key);
  }

  set(key: string, entry: StoredResponse, expiresAt: number): void {
    this.#entries.delete(key);
    this.#entries.set(key, { entry, expiresAt });
    if (this.#entries.size > this.#maxEntries) this.#entries.delete(this.#entries.keys().next().value!);
  }
}
