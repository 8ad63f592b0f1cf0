/**
 * The in-isolate tier: an LRU map of the hottest responses, so a warm isolate answers them with no I/O at
 * all. Bounded by the bytes it holds, not by a count, because entries range from a one-headline list to a
 * fifty-headline one and every `limit` × `section` pair is an entry. An entry never outlives its
 * freshness; stale serving is the edge tier's job.
 */
import type { StoredResponse } from './stored-response.ts';

interface Slot {
  entry: StoredResponse;
  expiresAt: number;
  bytes: number;
}

export class MemoryTier {
  readonly #slots = new Map<string, Slot>();
  readonly #maxBytes: number;
  #bytes = 0;

  /** @param maxBytes Bound on the bodies held (UTF-16, as the isolate stores them); least recently used go first. */
  constructor(maxBytes: number) {
    this.#maxBytes = maxBytes;
  }

  get(key: string, now: number): StoredResponse | undefined {
    const slot = this.#slots.get(key);
    if (!slot) return undefined;
    this.delete(key);
    if (now >= slot.expiresAt) return undefined;
    this.#insert(key, slot); // most recently used last
    return slot.entry;
  }

  delete(key: string): void {
    const slot = this.#slots.get(key);
    if (!slot) return;
    this.#slots.delete(key);
    this.#bytes -= slot.bytes;
  }

  set(key: string, entry: StoredResponse, expiresAt: number): void {
    this.delete(key);
    const bytes = entry.body.length * 2;
    if (bytes > this.#maxBytes) return;
    this.#insert(key, { entry, expiresAt, bytes });
    for (const [oldest] of this.#slots) {
      if (this.#bytes <= this.#maxBytes) break;
      this.delete(oldest);
    }
  }

  #insert(key: string, slot: Slot): void {
    this.#slots.set(key, slot);
    this.#bytes += slot.bytes;
  }
}
