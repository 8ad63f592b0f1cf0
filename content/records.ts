/**
 * The KV layout, owned here and nowhere else: the build writes these records and the worker's store reads
 * them. Keys are versioned (`v1:`) so a future layout can be pushed beside this one. Values: an article
 * record is an `Article`, a list record a `HeadlineList` of at most `HEADLINES_MAX` items, newest first.
 */
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
 * A past build of the partner embed, by version (its content hash), so a page that pinned it with SRI keeps
 * working after later deploys. Outside the `v1:` content layout: content pushes never list or delete it.
 */
export function embedKey(version: string): string {
  return `embed:${version}`;
}
