/**
 * Serves a cacheable GET through three tiers: the isolate's memory, the Workers Cache API, then the origin
 * (`load`, which reads KV). Freshness follows the response's own policy, on an injectable clock:
 *
 * - fresh in memory or at the edge: served, no KV read;
 * - stale, within stale-while-revalidate: served, and refreshed in the background (`waitUntil`), once per
 *   key at a time, and after a failed refresh not again for `REFRESH_RETRY_MS`;
 * - older, or missing: `load` runs; if it fails (5xx) and a copy within stale-if-error exists, the copy
 *   is served instead of the error.
 * - a 404 from the origin replaces every stored copy with a negative entry kept `notFoundMaxAge` seconds
 *   (none when 0): a withdrawn article disappears as soon as its copy is no longer fresh, as before, and
 *   repeating an unknown slug, section or oEmbed URL costs no KV read meanwhile. A negative entry is
 *   never served stale, and is no copy to fall back on when KV fails.
 * - every entry remembers the content state version it was made under (content-state.ts): an entry of another
 *   version is expired, whatever its age (not served fresh, nor stale-while-revalidate; still a stale-if-error
 *   copy when KV fails). So a push reaches every cached list, article, page and oEmbed answer at once.
 * - a response may be fresh for less than its policy (`FRESH_FOR_HEADER`: a list whose order changes when a breaking
 *   story expires); it is then not served stale-while-revalidate after that either.
 *
 * Every response says which of these happened in `Cache-Status` (RFC 9211) and carries `Age`.
 */
import type { CachePolicy } from '../config.ts';
import { logFault, reasonOf } from '../log-fault.ts';
import { type CacheStatus, formatCacheStatus } from './cache-status.ts';
import { EdgeTier } from './edge-tier.ts';
import { MemoryTier } from './memory-tier.ts';
import { type StoredResponse, toResponse, toStored } from './stored-response.ts';

/** After a background refresh fails, stale hits wait this long before trying KV again. */
const REFRESH_RETRY_MS = 10_000;

export interface ResponseCacheOptions {
  /** Epoch milliseconds. Default `Date.now`; tests pass their own to age entries. */
  now?: () => number;
  /** Bound on the memory tier, in bytes. Default 4 MiB: some 200 fifty-headline lists. */
  memoryBytes?: number;
  /** The Cache API cache. Default `caches.default`. */
  cache?: () => Cache;
}

export interface CachedRead {
  /** Normalized URL: the cache key in both tiers. */
  key: string;
  /** The content state version now (`contentState(c).version`): entries made under another are expired. */
  version: string;
  policy: CachePolicy;
  /** Keep this response in isolate memory too (the hottest, smallest responses). */
  memory: boolean;
  /** Produces the response from the origin. A 200 is stored, and a 404 for `policy.notFoundMaxAge`. */
  load: () => Promise<Response>;
  /** The request's `executionCtx.waitUntil`, for background writes and refreshes. */
  waitUntil: (promise: Promise<unknown>) => void;
}

export interface ResponseCache {
  serve(read: CachedRead): Promise<Response>;
  /** The cache's clock (epoch ms): routes whose answer depends on the time use the same one. */
  now(): number;
}

export function createResponseCache(options: ResponseCacheOptions = {}): ResponseCache {
  const now = options.now ?? Date.now;
  const memory = new MemoryTier(options.memoryBytes ?? 4 * 1024 * 1024);
  const edge = new EdgeTier(options.cache ?? (() => caches.default));
  /** Key → when a background refresh may next start (Infinity while one runs). */
  const refreshNotBefore = new Map<string, number>();

  function respond(entry: StoredResponse, policy: CachePolicy, status: CacheStatus, at: number): Response {
    const ageSeconds = Math.max(0, Math.floor((at - entry.storedAt) / 1000));
    return toResponse(entry, {
      Age: String(ageSeconds),
      'Cache-Status': formatCacheStatus({ ...status, ttl: freshFor(entry, policy) - ageSeconds }),
      // What open carousels compare with GET /v1/version: a push after this copy was made makes them reload.
      ...(entry.version !== undefined && { 'Khabar-Version': entry.version }),
    });
  }

  /** Keeps an entry in both tiers, replacing what was there; the edge write does not delay the response. */
  function keep(read: CachedRead, entry: StoredResponse): void {
    const fresh = freshFor(entry, read.policy);
    if (read.memory) memory.set(read.key, entry, entry.storedAt + fresh * 1000);
    const keepSeconds = entry.status === 200 ? fresh + Math.max(staleFor(entry, read.policy), read.policy.staleIfError) : fresh;
    read.waitUntil(edge.put(read.key, entry, keepSeconds).catch((error) => logCacheFault('put', read.key, error)));
  }

  function forget(read: CachedRead): void {
    memory.delete(read.key);
    read.waitUntil(edge.delete(read.key).catch((error) => logCacheFault('delete', read.key, error)));
  }

  /** Stores a 200; a 404 replaces every copy with a negative entry (or drops them); anything else changes nothing. */
  async function settle(read: CachedRead, response: Response): Promise<StoredResponse | undefined> {
    const notFound = response.status === 404;
    if (notFound && read.policy.notFoundMaxAge <= 0) {
      forget(read);
      return undefined;
    }
    if (response.status !== 200 && !notFound) return undefined;
    const entry = await toStored(response, now(), read.version);
    keep(read, entry);
    return entry;
  }

  function refreshInBackground(read: CachedRead, at: number): void {
    if (at < (refreshNotBefore.get(read.key) ?? 0)) return;
    refreshNotBefore.set(read.key, Infinity);
    const refresh = async () => {
      let refreshed = false;
      try {
        const response = await read.load();
        refreshed = response.status < 500;
        if (!(await settle(read, response))) await response.body?.cancel();
      } catch (error) {
        logCacheFault('refresh', read.key, error);
      } finally {
        if (refreshed) refreshNotBefore.delete(read.key);
        else refreshNotBefore.set(read.key, now() + REFRESH_RETRY_MS);
      }
    };
    read.waitUntil(refresh());
  }

  return {
    now,
    async serve(read) {
      const { key, policy } = read;
      const at = now();
      const maxAgeMs = policy.maxAge * 1000;

      const inMemory = read.memory ? memory.get(key, at) : undefined;
      if (inMemory && inMemory.version === read.version) return respond(inMemory, policy, { hit: true, detail: 'memory' }, at);

      let stored: StoredResponse | undefined;
      try {
        stored = await edge.match(key);
      } catch (error) {
        logCacheFault('match', key, error); // a broken cache is a miss, never an error
      }
      // An entry of another content version is expired whatever its age.
      const current = stored?.version === read.version;
      // An old negative entry is neither served stale nor a copy to fall back on.
      if (stored && stored.status !== 200 && (!current || at - stored.storedAt >= freshFor(stored, policy) * 1000)) stored = undefined;
      const age = stored ? at - stored.storedAt : Infinity;
      const freshMs = stored ? freshFor(stored, policy) * 1000 : 0;
      if (stored && current && age < freshMs) {
        if (read.memory) memory.set(key, stored, stored.storedAt + freshMs);
        return respond(stored, policy, { hit: true, detail: 'edge' }, at);
      }
      if (stored && current && age < freshMs + staleFor(stored, policy) * 1000) {
        refreshInBackground(read, at);
        return respond(stored, policy, { hit: true, detail: 'stale-while-revalidate' }, at);
      }

      const response = await read.load();
      const entry = await settle(read, response);
      if (entry) return respond(entry, policy, { fwd: stored ? 'stale' : 'miss', stored: true }, entry.storedAt);
      if (response.status >= 500 && stored && age < maxAgeMs + policy.staleIfError * 1000) {
        await response.body?.cancel();
        return respond(stored, policy, { fwd: 'stale', fwdStatus: response.status, detail: 'stale-if-error' }, at);
      }
      response.headers.set('Cache-Status', formatCacheStatus({ fwd: stored ? 'stale' : 'miss' }));
      return response;
    },
  };
}

/** Seconds an entry is fresh: its kind's max-age (or less, when it said so), or the negative lifetime for a 404. */
function freshFor(entry: StoredResponse, policy: CachePolicy): number {
  if (entry.status !== 200) return policy.notFoundMaxAge;
  return entry.freshFor !== undefined && entry.freshFor < policy.maxAge ? entry.freshFor : policy.maxAge;
}

/** Seconds a 200 may be served stale while it refreshes: none for one fresh for less than its policy. */
function staleFor(entry: StoredResponse, policy: CachePolicy): number {
  return entry.freshFor !== undefined && entry.freshFor < policy.maxAge ? 0 : policy.staleWhileRevalidate;
}

function logCacheFault(operation: string, key: string, error: unknown): void {
  logFault('cache-fault', { operation, key, reason: reasonOf(error) });
}
