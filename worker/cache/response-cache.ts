/**
 * Serves a cacheable GET through three tiers: the isolate's memory, the Workers Cache API, then the origin
 * (`load`, which reads KV). Freshness follows the response's own policy, on an injectable clock:
 *
 * - fresh in memory or at the edge: served, no KV read;
 * - stale, within stale-while-revalidate: served, and refreshed once in the background (`waitUntil`);
 * - older, or missing: `load` runs; if it fails (5xx) and a copy within stale-if-error exists, the copy
 *   is served instead of the error.
 *
 * Every response says which of these happened in `Cache-Status` (RFC 9211) and carries `Age`.
 */
import type { CachePolicy } from '../config.ts';
import { type CacheStatus, formatCacheStatus } from './cache-status.ts';
import { EdgeTier } from './edge-tier.ts';
import { MemoryTier } from './memory-tier.ts';
import { type StoredResponse, toResponse, toStored } from './stored-response.ts';

export interface ResponseCacheOptions {
  /** Epoch milliseconds. Default `Date.now`; tests pass their own to age entries. */
  now?: () => number;
  /** Bound on the memory tier. Default 64 responses. */
  memoryEntries?: number;
  /** The Cache API cache. Default `caches.default`. */
  cache?: () => Cache;
}

export interface CachedRead {
  /** Normalized URL: the cache key in both tiers. */
  key: string;
  policy: CachePolicy;
  /** Keep this response in isolate memory too (the hottest, smallest responses). */
  memory: boolean;
  /** Produces the response from the origin. Only a 200 is stored. */
  load: () => Promise<Response>;
  /** The request's `executionCtx.waitUntil`, for background writes and refreshes. */
  waitUntil: (promise: Promise<unknown>) => void;
}

export interface ResponseCache {
  serve(read: CachedRead): Promise<Response>;
}

export function createResponseCache(options: ResponseCacheOptions = {}): ResponseCache {
  const now = options.now ?? Date.now;
  const memory = new MemoryTier(options.memoryEntries ?? 64);
  const edge = new EdgeTier(options.cache ?? (() => caches.default));
  /** Keys being refreshed in the background, so a burst of stale hits refreshes once. */
  const refreshing = new Set<string>();

  function respond(entry: StoredResponse, policy: CachePolicy, status: CacheStatus, at: number): Response {
    const ageSeconds = Math.max(0, Math.floor((at - entry.storedAt) / 1000));
    return toResponse(entry, {
      Age: String(ageSeconds),
      'Cache-Status': formatCacheStatus({ ...status, ttl: policy.maxAge - ageSeconds }),
    });
  }

  /** Keeps a fresh 200 in both tiers; the edge write does not delay the response. */
  function keep(read: CachedRead, entry: StoredResponse): void {
    if (read.memory) memory.set(read.key, entry, entry.storedAt + read.policy.maxAge * 1000);
    const keepSeconds = read.policy.maxAge + Math.max(read.policy.staleWhileRevalidate, read.policy.staleIfError);
    read.waitUntil(edge.put(read.key, entry, keepSeconds).catch((error) => logCacheFault('put', read.key, error)));
  }

  function refreshInBackground(read: CachedRead): void {
    if (refreshing.has(read.key)) return;
    refreshing.add(read.key);
    const refresh = async () => {
      try {
        const response = await read.load();
        if (response.status === 200) keep(read, await toStored(response, now()));
      } catch (error) {
        logCacheFault('refresh', read.key, error);
      } finally {
        refreshing.delete(read.key);
      }
    };
    read.waitUntil(refresh());
  }

  return {
    async serve(read) {
      const { key, policy } = read;
      const at = now();
      const maxAgeMs = policy.maxAge * 1000;

      const inMemory = read.memory ? memory.get(key, at) : undefined;
      if (inMemory) return respond(inMemory, policy, { hit: true, detail: 'memory' }, at);

      let stored: StoredResponse | undefined;
      try {
        stored = await edge.match(key);
      } catch (error) {
        logCacheFault('match', key, error); // a broken cache is a miss, never an error
      }
      const age = stored ? at - stored.storedAt : Infinity;
      if (stored && age < maxAgeMs) {
        if (read.memory) memory.set(key, stored, stored.storedAt + maxAgeMs);
        return respond(stored, policy, { hit: true, detail: 'edge' }, at);
      }
      if (stored && age < maxAgeMs + policy.staleWhileRevalidate * 1000) {
        refreshInBackground(read);
        return respond(stored, policy, { hit: true, detail: 'stale-while-revalidate' }, at);
      }

      const response = await read.load();
      if (response.status === 200) {
        const entry = await toStored(response, now());
        keep(read, entry);
        return respond(entry, policy, { fwd: stored ? 'stale' : 'miss', stored: true }, entry.storedAt);
      }
      if (response.status >= 500 && stored && age < maxAgeMs + policy.staleIfError * 1000) {
        await response.body?.cancel();
        return respond(stored, policy, { fwd: 'stale', fwdStatus: response.status, detail: 'stale-if-error' }, at);
      }
      response.headers.set('Cache-Status', formatCacheStatus({ fwd: stored ? 'stale' : 'miss' }));
      return response;
    },
  };
}

function logCacheFault(operation: string, key: string, error: unknown): void {
  const reason = error instanceof Error ? error.message : String(error);
  console.error(JSON.stringify({ level: 'error', event: 'cache-fault', operation, key, reason }));
}
