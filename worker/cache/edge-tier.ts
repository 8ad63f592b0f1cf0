/**
 * The Workers Cache API tier. The platform evicts an entry at its `max-age` and implements neither
 * stale-while-revalidate nor stale-if-error, so an entry is stored for its whole stale window under an
 * internal `Cache-Control`, with its own stored-at time; the response cache computes freshness from that.
 * Every entry is put as a 200 with its real status beside it, so the platform's rules on which statuses it
 * keeps do not decide what a negative (404) entry does.
 */
import type { StoredResponse } from './stored-response.ts';

const STORED_AT = 'x-khabar-stored-at';
const CLIENT_CACHE_CONTROL = 'x-khabar-cache-control';
const STATUS = 'x-khabar-status';
const VERSION = 'x-khabar-version';
const FRESH_FOR = 'x-khabar-fresh-for';

export class EdgeTier {
  readonly #cache: () => Cache;

  constructor(cache: () => Cache) {
    this.#cache = cache;
  }

  async match(key: string): Promise<StoredResponse | undefined> {
    // A fresh Request: a lookup carrying the client's If-None-Match would come back as a bodiless 304.
    const hit = await this.#cache().match(new Request(key));
    if (!hit) return undefined;
    const storedAt = Number(hit.headers.get(STORED_AT));
    if (!Number.isFinite(storedAt) || storedAt <= 0) return undefined;
    // Entries from before negative caching have no status: they were all 200s.
    const status = Number(hit.headers.get(STATUS) ?? 200);
    const version = hit.headers.get(VERSION);
    const freshFor = hit.headers.get(FRESH_FOR);
    const headers: Array<[string, string]> = [];
    for (const [name, value] of hit.headers) {
      if (name === STORED_AT || name === STATUS || name === VERSION || name === FRESH_FOR || name === 'cf-cache-status' || name === 'age') continue;
      if (name === 'cache-control') continue;
      headers.push([name === CLIENT_CACHE_CONTROL ? 'cache-control' : name, value]);
    }
    return {
      status,
      body: await hit.text(),
      headers,
      storedAt,
      ...(version !== null && { version }),
      ...(freshFor !== null && { freshFor: Number(freshFor) }),
    };
  }

  async delete(key: string): Promise<void> {
    await this.#cache().delete(new Request(key));
  }

  /** Keeps the entry `keepSeconds` (its freshness plus the longest stale window). */
  async put(key: string, entry: StoredResponse, keepSeconds: number): Promise<void> {
    const headers = new Headers();
    for (const [name, value] of entry.headers) headers.set(name === 'cache-control' ? CLIENT_CACHE_CONTROL : name, value);
    headers.set('cache-control', `public, max-age=${keepSeconds}`);
    headers.set(STORED_AT, String(entry.storedAt));
    headers.set(STATUS, String(entry.status));
    if (entry.version !== undefined) headers.set(VERSION, entry.version);
    if (entry.freshFor !== undefined) headers.set(FRESH_FOR, String(entry.freshFor));
    await this.#cache().put(new Request(key), new Response(entry.body, { status: 200, headers }));
  }
}
