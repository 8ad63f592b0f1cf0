/** The RFC 9211 `Cache-Status` header: whether a response came from cache, how fresh, and from where. */
const CACHE_NAME = 'khabar';

export interface CacheStatus {
  /** Answered from cache without asking KV. */
  hit?: boolean;
  /** Why KV was asked: nothing stored (`miss`), or only a stale copy (`stale`). */
  fwd?: 'miss' | 'stale';
  /** Status of the origin's answer, when it failed and a stale copy was served instead. */
  fwdStatus?: number;
  /** Seconds of freshness left; negative when the response is stale. */
  ttl?: number;
  /** The response was stored in the cache. */
  stored?: boolean;
  /** Which tier or rule answered: `memory`, `edge`, `stale-while-revalidate`, `stale-if-error`. */
  detail?: string;
}

export function formatCacheStatus(status: CacheStatus): string {
  let value = CACHE_NAME;
  if (status.hit) value += '; hit';
  if (status.fwd) value += `; fwd=${status.fwd}`;
  if (status.fwdStatus !== undefined) value += `; fwd-status=${status.fwdStatus}`;
  if (status.ttl !== undefined) value += `; ttl=${status.ttl}`;
  if (status.stored) value += '; stored';
  if (status.detail) value += `; detail=${status.detail}`;
  return value;
}
